#include "storage/store_digest.hpp"

#include <sodium.h>

#include <array>
#include <cstring>

#include "modules/registry/formats/household_document.hpp"

namespace giamngheo::store {
namespace {

using Hash = std::array<unsigned char, crypto_generichash_BYTES>;

Hash hash_of(const std::string& text) {
    Hash out;
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       nullptr, 0);
    return out;
}

std::string hex(const Hash& hash) {
    std::string out(hash.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), hash.data(), hash.size());
    out.pop_back();
    return out;
}

// A sum of hashes, word by word: the same items in any order give the same sum.
class MultisetHash {
  public:
    void add(const std::string& item) {
        const Hash h = hash_of(item);
        for (std::size_t i = 0; i < words_.size(); ++i) {
            std::uint64_t word = 0;
            std::memcpy(&word, h.data() + i * 8, 8);
            words_[i] += word;
        }
    }
    [[nodiscard]] std::string text() const {
        std::string out;
        for (std::uint64_t w : words_) out += std::to_string(w) + ".";
        return out;
    }

  private:
    std::array<std::uint64_t, crypto_generichash_BYTES / 8> words_{};
};

// Fields joined with a separator that no text of the store holds.
class Fields {
  public:
    template <class T>
    Fields& operator<<(const T& value) {
        if constexpr (std::is_convertible_v<T, std::string>)
            text_ += value;
        else
            text_ += std::to_string(value);
        text_ += '\x1f';
        return *this;
    }
    [[nodiscard]] const std::string& text() const { return text_; }

  private:
    std::string text_;
};

std::string date_text(const std::optional<Date>& date) { return date ? date->iso() : ""; }

std::string units_text(const UnitCatalogue& units, StoreDigest& digest) {
    MultisetHash versions;
    for (const auto& u : units.all_versions()) {
        versions.add(unit_fields(u));
        ++digest.units;
    }
    MultisetHash lineage;
    for (const auto& l : units.lineage()) {
        lineage.add((Fields() << l.old_level << l.old_code << l.new_code << static_cast<int>(l.full)).text());
        ++digest.lineage;
    }
    return versions.text() + "|" + lineage.text();
}

std::string result_text(const ResultRow& r) {
    return (Fields() << r.household_id << r.unit_code << r.current_unit_code << r.village << r.area << r.household_class
                     << r.income_test << r.deprivation_count << r.score_b << r.indicators << r.flags << r.transition
                     << static_cast<int>(r.recently_escaped) << r.members)
        .text();
}

}  // namespace

std::string unit_fields(const UnitVersion& u) {
    return (Fields() << u.code << static_cast<int>(u.level) << u.parent_code << u.type << u.name << u.full_name
                     << static_cast<int>(u.map) << date_text(u.valid_from) << date_text(u.valid_to))
        .text();
}

std::string round_run_fields(const RoundRecord& r) {
    return (Fields() << r.year << r.kind << r.scope << r.reference_date.iso() << r.standard_id << r.standard_document)
        .text();
}

std::string round_fields(const RoundRecord& r) {
    return round_run_fields(r) + (Fields() << static_cast<int>(r.status) << date_text(r.decision_date)).text();
}

StoreDigest digest_store(Store& store) {
    StoreDigest digest;
    MultisetHash households;
    const std::string units = units_text(store.load_units(), digest);
    store.for_each_household([&](const StoredHousehold& stored) {
        households.add(to_document(stored.household));
        ++digest.households;
        digest.members += static_cast<long>(stored.household.members.size());
    });
    digest.registry_hash = hex(hash_of(units + "|" + households.text()));

    std::string rounds;
    for (const auto& round : store.rounds()) {
        MultisetHash results;
        store.for_each_round_result(round.id, [&](const ResultRow& row) {
            results.add(result_text(row));
            ++digest.results;
        });
        rounds += round_fields(round) + results.text() + '\x1f';
        ++digest.rounds;
    }
    digest.rounds_hash = hex(hash_of(rounds));
    return digest;
}

std::string to_text(const StoreDigest& d) {
    return "units " + std::to_string(d.units) + "\nunit_lineage " + std::to_string(d.lineage) + "\nhouseholds " +
           std::to_string(d.households) + "\nmembers " + std::to_string(d.members) + "\nregistry_hash " +
           d.registry_hash + "\nrounds " + std::to_string(d.rounds) + "\nround_results " + std::to_string(d.results) +
           "\nrounds_hash " + d.rounds_hash + "\n";
}

}  // namespace giamngheo::store
