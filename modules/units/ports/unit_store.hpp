// Storage of the administrative-unit catalogue (both maps, versions, lineage) and of the
// villages under each commune. Implemented by every backend (storage/); writes are atomic.
#pragma once

#include <string>
#include <vector>

#include "kernel/actor.hpp"
#include "kernel/units.hpp"

namespace giamngheo::store {

class UnitStore {
public:
    virtual ~UnitStore() = default;

    // Units: replaces the whole catalogue (all maps, versions and lineage) atomically.
    virtual void replace_units(const std::vector<UnitVersion>& units, const std::vector<Lineage>& lineage,
                               const Actor& actor) = 0;
    [[nodiscard]] virtual UnitCatalogue load_units() = 0;
    virtual void add_village(const std::string& commune_code, const std::string& name, const Actor& actor) = 0;
    [[nodiscard]] virtual std::vector<std::string> villages(const std::string& commune_code) = 0;
};

}  // namespace giamngheo::store
