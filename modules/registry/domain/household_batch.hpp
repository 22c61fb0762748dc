// Households as columns, everything a record holds: the coded answers in a RegistryImage and
// the text people typed (names, ids, extra columns). An import validates straight into a batch
// and the store keeps bulk loads as batches, so a national file never exists as millions of
// `Household` objects; `household(i)` materialises one record where a person looks at it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/household.hpp"
#include "kernel/registry_image.hpp"

namespace giamngheo {

// Strings of one column back to back; row i is bytes[end[i-1], end[i]).
class TextColumn {
public:
    void append(std::string_view text) {
        bytes_.append(text);
        end_.push_back(bytes_.size());
    }
    // One row of two pieces of text, one after the other.
    void append(std::string_view head, std::string_view tail) {
        bytes_.append(head);
        append(tail);
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
    // The same without members: household columns only, every member_begin 0.
    [[nodiscard]] static HouseholdBatch select_households(const HouseholdBatch& from,
                                                          const std::vector<std::uint32_t>& rows);
    // Appends households `rows` of `from` without members (to a batch that has none either),
    // their strings and indicator keys translated into this batch's tables.
    void append_households(const HouseholdBatch& from, const std::vector<std::uint32_t>& rows);
    // Every household of `from`, which is left empty: its ids are moved, not copied.
    void append_households(HouseholdBatch&& from);
};

// The rows of `ids` ordered by id, bytewise (as std::string compares); equal ids in row order.
[[nodiscard]] std::vector<std::uint32_t> rows_in_id_order(const std::vector<std::string>& ids);

// The households of an import in id order, handed out a piece at a time, so that a national
// file is never needed whole: the store writes each piece as it comes (a segment, or rows).
// Contract: ids are unique; piece k holds positions [k × piece_households(), (k + 1) ×
// piece_households()) of the id order, its households in that order, each with its members in
// file order; piece() may be called from several threads at once.
class HouseholdPieces {
public:
    virtual ~HouseholdPieces() = default;
    [[nodiscard]] virtual std::size_t households() const = 0;
    [[nodiscard]] virtual std::size_t members() const = 0;
    // The id at `position` of the id order; valid as long as this object.
    [[nodiscard]] virtual std::string_view id(std::size_t position) const = 0;
    [[nodiscard]] virtual std::size_t piece_households() const = 0;
    [[nodiscard]] virtual HouseholdBatch piece(std::size_t k) const = 0;
    [[nodiscard]] std::size_t pieces() const { return (households() + piece_households() - 1) / piece_households(); }
};

// Households per piece unless a caller chooses otherwise: about 14 MB of columns each.
inline constexpr std::size_t kPieceHouseholds = 65536;

// The pieces of a batch held in memory (a file of a few households, an edit). Keeps a
// reference to `batch`.
class BatchPieces final : public HouseholdPieces {
public:
    BatchPieces(const HouseholdBatch& batch, std::size_t piece_households = kPieceHouseholds);
    [[nodiscard]] std::size_t households() const override { return order_.size(); }
    [[nodiscard]] std::size_t members() const override { return batch_.members(); }
    [[nodiscard]] std::string_view id(std::size_t position) const override {
        return batch_.image.household_ids[order_[position]];
    }
    [[nodiscard]] std::size_t piece_households() const override { return piece_households_; }
    [[nodiscard]] HouseholdBatch piece(std::size_t k) const override;

private:
    const HouseholdBatch& batch_;
    std::vector<std::uint32_t> order_;
    std::size_t piece_households_;
};

}  // namespace giamngheo
