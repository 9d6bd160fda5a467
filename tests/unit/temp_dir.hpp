// A scratch cache folder per test, removed with it (the store tests of several stages).
#pragma once
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cvpdf::test {

struct TempDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("cvpdf-store-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(reinterpret_cast<uintptr_t>(this)));
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() { std::filesystem::remove_all(path); }
    // The files named `prefix`* (all with ""), e.g. "shapes-" or "facts-", sorted.
    std::vector<std::filesystem::path> files(const std::string& prefix = "") const {
        std::vector<std::filesystem::path> out;
        for (const auto& e : std::filesystem::directory_iterator(path))
            if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<std::filesystem::path> images() const { return files("shapes-"); }
    std::vector<std::filesystem::path> facts() const { return files("facts-"); }
};

}  // namespace cvpdf::test
