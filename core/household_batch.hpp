// Households as columns, everything a record holds: the coded answers in a RegistryImage and
// the text people typed (names, ids, extra columns). An import validates straight into a batch
// and the store keeps bulk loads as batches, so a national file never exists as millions of
// `Household` objects; `household(i)` materialises one record where a person looks at it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/household.hpp"
#include "core/registry_image.hpp"

namespace giamngheo {

// Strings of one column back to back; row i is bytes[end[i-1], end[i]).
class TextColumn {
public:
    void append(std::string_view text) {
        bytes_.append(text);
        end_.push_back(bytes_.size());
    }
    void pop_back() {
        end_.pop_back();
        bytes_.resize(end_.empty() ? 0 : end_.back());
    }
    [[nodiscard]] std::string_view operator[](std::size_t i) const {
        const std::size_t begin = i == 0 ? 0 : end_[i - 1];
        return std::string_view(bytes_).substr(begin, end_[i] - begin);
    }
    [[nodiscard]] std::size_t size() const { return end_.size(); }
    void reserve(std::size_t rows, std::size_t bytes) {
        end_.reserve(rows);
        bytes_.reserve(bytes);
    }
    [[nodiscard]] const std::string& bytes() const { return bytes_; }
    [[nodiscard]] const std::vector<std::uint64_t>& ends() const { return end_; }
    // Takes already encoded content (a stored segment); `ends` must be non-decreasing and end at bytes.size().
    void assign(std::string bytes, std::vector<std::uint64_t> ends);

private:
    std::string bytes_;
    std::vector<std::uint64_t> end_;
};

// Answers in columns the format does not know, per row in file order.
struct ExtraAnswers {
    std::vector<std::uint32_t> end;  // row i's answers are [end[i-1], end[i])
    std::vector<std::int32_t> name;  // id in HouseholdBatch::extra_names
    TextColumn value;

    void close_row() { end.push_back(static_cast<std::uint32_t>(name.size())); }
    [[nodiscard]] std::uint32_t begin_of(std::size_t row) const { return row == 0 ? 0 : end[row - 1]; }
};

struct HouseholdBatch {
    RegistryImage image;  // household ids, units, villages, coded answers of households and members
    StringTable names;    // head names and members' full names: they repeat a great deal
    std::vector<std::int32_t> head_name;
    ExtraAnswers household_extra;

    TextColumn member_id;
    std::vector<std::int32_t> full_name;
    TextColumn personal_id;
    std::vector<std::uint8_t> birth_year_only;
    ExtraAnswers member_extra;
    StringTable extra_names;

    [[nodiscard]] std::size_t households() const { return image.households(); }
    [[nodiscard]] std::size_t members() const { return image.members(); }

    // Appends a record; codes outside the vocabulary become unknown (validate first). Info
    // assets are a set: they come back in the vocabulary's order.
    void append(const Household& household);
    // The record of household row i.
    [[nodiscard]] Household household(std::size_t i) const;

    // Households `rows` of `from` (in that order) with their members, as a batch of their own
    // whose string tables hold only what those rows use.
    [[nodiscard]] static HouseholdBatch select(const HouseholdBatch& from, const std::vector<std::uint32_t>& rows);
};

}  // namespace giamngheo
