#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "stats.hpp"

using cvpdf::bench::median_ci95;
using cvpdf::bench::stats;

namespace {
std::vector<double> ranks(size_t n) {  // 1, 2, ..., n in a scrambled order
    std::vector<double> v(n);
    std::iota(v.begin(), v.end(), 1.0);
    for (size_t i = 0; i < n; ++i) std::swap(v[i], v[(i * 7 + 3) % n]);
    return v;
}
}  // namespace

TEST_CASE("stats: median of odd and even counts, min and max") {
    CHECK(stats({3, 1, 2}).median == 2);
    CHECK(stats({4, 1, 3, 2}).median == 2.5);
    CHECK(stats({4, 1, 3, 2}).min == 1);
    CHECK(stats({4, 1, 3, 2}).max == 4);
    CHECK(stats({}).median == 0);
}

TEST_CASE("median_ci95: the binomial order statistics") {
    // Ranks from tables of the sign test: n = 30 → x(10), x(21); n = 100 → x(40), x(61);
    // n = 6 → x(1), x(6) (P(B <= 0) = 1/64 < 2.5 %).
    CHECK(median_ci95(ranks(30)) == std::pair<double, double>{10, 21});
    CHECK(median_ci95(ranks(100)) == std::pair<double, double>{40, 61});
    CHECK(median_ci95(ranks(6)) == std::pair<double, double>{1, 6});
    // Too few values for 95 %: the whole range.
    CHECK(median_ci95(ranks(5)) == std::pair<double, double>{1, 5});
    // Large counts stay finite (log-space binomial), and the interval tightens around the median.
    const auto big = median_ci95(ranks(2000));
    CHECK(big.first > 950);
    CHECK(big.second < 1051);
    CHECK(big.first < 1000);
    CHECK(big.second > 1001);
    CHECK(median_ci95({}) == std::pair<double, double>{0, 0});
}
