// Summary statistics of repeated timings for the benchmark's tables.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace cvpdf::bench {

struct Stats {
    double median = 0, min = 0, max = 0;
};

inline Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    s.min = v.front();
    s.max = v.back();
    return s;
}

// Distribution-free 95 % confidence interval of a median: the order statistics x(k) and
// x(n+1-k), k the largest rank with P(Binomial(n, 1/2) <= k-1) <= 2.5 %. It tells whether a
// median ratio that lands near a target is above it or within the noise (30 rounds give
// x(10) and x(21), about ±2× around a 25× ratio here). Below 6 values no rank qualifies and
// the interval is the whole range.
inline std::pair<double, double> median_ci95(std::vector<double> v) {
    if (v.empty()) return {0, 0};
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    const double log_total = std::lgamma(double(n) + 1) - double(n) * std::log(2.0);
    double below = 0;  // P(B <= j)
    size_t k = 0;
    for (size_t j = 0; j < n; ++j) {
        below += std::exp(log_total - std::lgamma(double(j) + 1) - std::lgamma(double(n - j) + 1));
        if (below > 0.025) break;
        k = j + 1;
    }
    if (k == 0) return {v.front(), v.back()};
    return {v[k - 1], v[n - k]};
}

}  // namespace cvpdf::bench
