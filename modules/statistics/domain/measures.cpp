#include "modules/statistics/domain/measures.hpp"

#include <map>

namespace giamngheo {

AfOptions AfOptions::equal(int indicator_count, int min_deprivations) {
    AfOptions options;
    options.weights.assign(static_cast<std::size_t>(indicator_count), 1.0 / indicator_count);
    options.k = static_cast<double>(min_deprivations) / indicator_count;
    return options;
}

AfOptions AfOptions::nested(const Standard& standard, double k) {
    AfOptions options;
    options.k = k;
    std::map<std::string, int> per_dimension;
    for (const auto& rule : standard.indicators) ++per_dimension[rule.dimension];
    const double dimensions = static_cast<double>(per_dimension.size());
    for (const auto& rule : standard.indicators)
        options.weights.push_back(1.0 / dimensions / per_dimension[rule.dimension]);
    return options;
}

}  // namespace giamngheo
