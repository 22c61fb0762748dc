// Small helpers shared by the benchmark programs.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

namespace giamngheo::bench {

inline double seconds(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

// The process's anonymous memory (RssAnon: its own allocations, not the pages of files it has
// mapped, which the kernel can take back) at its highest while `work` runs, sampled every 20 ms.
inline double peak_anonymous_gib(const std::function<void()>& work) {
    auto anonymous_kib = [] {
        std::ifstream in("/proc/self/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("RssAnon:", 0) == 0) return std::stol(line.substr(8));
        return 0L;
    };
    std::atomic<bool> done{false};
    std::atomic<long> peak{anonymous_kib()};
    std::jthread sampler([&] {
        while (!done) {
            peak = std::max(peak.load(), anonymous_kib());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    work();
    done = true;
    sampler.join();
    return static_cast<double>(std::max(peak.load(), anonymous_kib())) / (1024.0 * 1024.0);
}

}  // namespace giamngheo::bench
