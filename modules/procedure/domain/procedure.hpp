// The review procedure of Decision 24/2021/QĐ-TTg as data (data/procedures/*.json): the states a
// household passes through in a round, the steps that move it, who may take each, how many days a
// step lasts or is due in, who recognises by date, and the requests households file. A step's
// kind names the rule of the law it carries; a step of kind `record` carries none beyond moving
// from one state to another, so a province can add one without code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"

namespace giamngheo::procedure {

enum class StepKind { record, meeting, posting, complaint, recheck, recognition, certificate };
[[nodiscard]] const char* to_string(StepKind kind);

struct Labelled {
    std::string key, label_vi;
};

struct Step {
    std::string key, label_vi;
    StepKind kind = StepKind::record;
    std::vector<std::string> from;  // the states it may be taken in; empty: a household not yet in the round
    std::string to;                 // the state it leads to
    std::string back_to;            // meeting: where a household the meeting does not agree on goes
    int working_days = 0;           // posting: how long the list stays posted; recheck: due within
    bool verified = true;           // false: the number is not yet checked against the text of the law
    std::vector<std::string> roles;
    std::string legal_source_vi;
};

struct Recognition {
    std::optional<Date> from, until;  // the dates of decisions this rule covers (either end open)
    std::string level, by_vi, legal_source_vi;
};

struct RequestKind {
    std::string form, label_vi;
    std::string listing_reason;  // the reason the household is listed for when the request opens its case
    int decide_within = 0;
    bool working_days = false;  // counted in working days; else in days
    std::string legal_source_vi;
};

struct Procedure {
    std::string id, label_vi, legal_source_vi;
    std::string round_kind;  // the rounds it is followed in: periodic (yearly) or regular (on request)
    std::vector<Labelled> states, listing_reasons;
    std::vector<Step> steps;
    int agreement_percent_min = 50;  // of a meeting step, when the procedure has one
    std::string meeting_legal_source_vi;
    std::vector<Recognition> recognition;
    std::vector<RequestKind> requests;

    // Errors: invalid_input (field "step") for a step it does not have.
    [[nodiscard]] const Step& step(const std::string& key) const;
    // The first step of `kind`, or nullptr.
    [[nodiscard]] const Step* step_of_kind(StepKind kind) const;
    [[nodiscard]] const RequestKind& request(const std::string& form) const;
    [[nodiscard]] std::string state_label(const std::string& key) const;
    // Who recognises a decision taken on `date`; invalid_input when no rule covers the date.
    [[nodiscard]] const Recognition& recognising(const Date& date) const;
};

// Reads and checks a procedure document: every step's states exist, every state is reached, the
// recognition rules do not overlap. Errors: invalid_input naming `source` and the key at fault.
[[nodiscard]] Procedure procedure_from_json(const std::string& text, const std::string& source);

}  // namespace giamngheo::procedure
