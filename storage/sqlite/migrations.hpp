// Versioned schema migrations, applied in order and recorded in schema_migrations.
// The SQL is the portable subset shared by SQLite and PostgreSQL: TEXT, INTEGER, BIGINT,
// DOUBLE PRECISION, primary and foreign keys, CREATE INDEX. Never edit a released migration;
// add a new one.
#pragma once

#include <vector>

namespace giamngheo::store {

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

inline const std::vector<Migration>& migrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "units, registry with versions, review rounds", R"SQL(
CREATE TABLE change_sets (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    action TEXT NOT NULL
);
CREATE TABLE units (
    code TEXT NOT NULL,
    map INTEGER NOT NULL,
    version_no INTEGER NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    PRIMARY KEY (code, map, version_no)
);
CREATE TABLE unit_lineage (
    old_level TEXT NOT NULL,
    old_code TEXT NOT NULL,
    new_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (old_code, new_code)
);
CREATE TABLE villages (
    commune_code TEXT NOT NULL,
    name TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (commune_code, name)
);
CREATE TABLE households (
    household_id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL,
    village TEXT NOT NULL,
    head_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    removed_change_set BIGINT REFERENCES change_sets (id)
);
CREATE INDEX households_by_unit ON households (unit_code, village);
CREATE TABLE household_versions (
    household_id TEXT NOT NULL REFERENCES households (household_id),
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    document TEXT NOT NULL,
    PRIMARY KEY (household_id, version)
);
CREATE TABLE members (
    member_id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households (household_id),
    full_name TEXT NOT NULL,
    personal_id TEXT NOT NULL
);
CREATE INDEX members_by_household ON members (household_id);
CREATE INDEX members_by_personal_id ON members (personal_id);
CREATE TABLE rounds (
    id BIGINT PRIMARY KEY,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    reference_date TEXT NOT NULL,
    standard_id TEXT NOT NULL,
    standard_document TEXT NOT NULL,
    registry_change_set BIGINT NOT NULL,
    status TEXT NOT NULL,
    decision_date TEXT,
    created_change_set BIGINT NOT NULL REFERENCES change_sets (id),
    approved_change_set BIGINT REFERENCES change_sets (id)
);
CREATE TABLE round_results (
    round_id BIGINT NOT NULL REFERENCES rounds (id),
    household_id TEXT NOT NULL,
    household_version INTEGER NOT NULL,
    unit_code TEXT NOT NULL,
    current_unit_code TEXT NOT NULL,
    village TEXT NOT NULL,
    area TEXT NOT NULL,
    class TEXT NOT NULL,
    income_test TEXT NOT NULL,
    deprivation_count INTEGER NOT NULL,
    score_b INTEGER NOT NULL,
    indicators TEXT NOT NULL,
    flags INTEGER NOT NULL,
    transition TEXT NOT NULL,
    recently_escaped INTEGER NOT NULL,
    members INTEGER NOT NULL,
    PRIMARY KEY (round_id, household_id)
);
)SQL"},
        {2, "implementation plans with versions and their budget lines", R"SQL(
CREATE TABLE plans (
    id BIGINT PRIMARY KEY,
    programme TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    unit_level TEXT NOT NULL,
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    UNIQUE (programme, unit_code, year)
);
CREATE TABLE plan_versions (
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    document TEXT NOT NULL,
    PRIMARY KEY (plan_id, version)
);
CREATE TABLE plan_budget_lines (
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    line_no INTEGER NOT NULL,
    node TEXT NOT NULL,
    source TEXT NOT NULL,
    fund_kind TEXT NOT NULL,
    budget_year INTEGER NOT NULL,
    origin_year INTEGER NOT NULL,
    amount_vnd BIGINT NOT NULL,
    stage TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    PRIMARY KEY (plan_id, line_no)
);
CREATE INDEX plan_budget_lines_by_node ON plan_budget_lines (node, source, budget_year);
)SQL"},
        {3, "users, sessions and the audit log of the web application", R"SQL(
CREATE TABLE users (
    username TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users (username),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (username);
CREATE TABLE audit_events (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    source TEXT NOT NULL,
    household_id TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL,
    change_set BIGINT REFERENCES change_sets (id)
);
CREATE INDEX audit_events_by_actor ON audit_events (actor, at);
CREATE INDEX audit_events_by_household ON audit_events (household_id, at);
CREATE INDEX household_versions_by_change_set ON household_versions (change_set);
)SQL"},
        // BLOB is BYTEA in PostgreSQL: the one type this migration adds to the shared subset.
        {4, "bulk-loaded households kept as sorted column segments (store/household_segment.hpp)", R"SQL(
CREATE TABLE household_segments (
    id BIGINT PRIMARY KEY,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    first_household_id TEXT NOT NULL,
    last_household_id TEXT NOT NULL,
    households INTEGER NOT NULL,
    members INTEGER NOT NULL,
    member_filter BLOB NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX household_segments_by_range ON household_segments (first_household_id, last_household_id);
ALTER TABLE households ADD COLUMN segment_id BIGINT REFERENCES household_segments (id);
ALTER TABLE households ADD COLUMN segment_members INTEGER NOT NULL DEFAULT 0;
)SQL"},
        {5, "sign-in throttling shared by every server process (server/accounts.hpp)", R"SQL(
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    next_allowed_at BIGINT NOT NULL,  -- milliseconds since 1970 (UTC)
    updated_at BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_by_age ON sign_in_throttle (updated_at);
)SQL"},
        {6, "unit catalogues kept for the rounds that placed their households with them", R"SQL(
CREATE TABLE unit_catalogues (
    change_set BIGINT PRIMARY KEY REFERENCES change_sets (id)
);
CREATE TABLE archived_units (
    catalogue BIGINT NOT NULL,
    code TEXT NOT NULL,
    map INTEGER NOT NULL,
    version_no INTEGER NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    full_name TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    PRIMARY KEY (catalogue, code, map, version_no)
);
CREATE TABLE archived_unit_lineage (
    catalogue BIGINT NOT NULL,
    old_level TEXT NOT NULL,
    old_code TEXT NOT NULL,
    new_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (catalogue, old_code, new_code)
);
)SQL"},
        {7, "reports: state, entered and approved values per form, period and unit; their events", R"SQL(
CREATE TABLE reports (
    form TEXT NOT NULL,
    period TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    entered TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    last_action TEXT NOT NULL,
    last_from TEXT NOT NULL,
    last_by TEXT NOT NULL,
    last_at TEXT NOT NULL,
    last_reason TEXT NOT NULL,
    PRIMARY KEY (form, period, unit_code)
);
CREATE INDEX reports_by_period ON reports (period, form);
CREATE TABLE report_events (
    form TEXT NOT NULL,
    period TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reason TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (form, period, unit_code, version)
);
)SQL"},
        {8, "review procedure: the steps taken for each household of a round; households' requests", R"SQL(
CREATE TABLE procedure_steps (
    round_id BIGINT NOT NULL REFERENCES rounds (id),
    household_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    step TEXT NOT NULL,
    event TEXT NOT NULL,
    certificate_code TEXT,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (round_id, household_id, seq)
);
CREATE UNIQUE INDEX procedure_steps_by_certificate ON procedure_steps (certificate_code);
CREATE TABLE household_requests (
    id BIGINT PRIMARY KEY,
    household_id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    form TEXT NOT NULL,
    received TEXT NOT NULL,
    due TEXT NOT NULL,
    applicant TEXT NOT NULL,
    note TEXT NOT NULL,
    decided_on TEXT,
    decision TEXT NOT NULL,
    decision_reason TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id)
);
CREATE INDEX household_requests_by_unit ON household_requests (unit_code);
)SQL"},
        {9, "regular review: the round a household's request opened its case in", R"SQL(
ALTER TABLE household_requests ADD COLUMN round_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX household_requests_by_round ON household_requests (round_id);
)SQL"},
        {10, "follow-up visits to households that left poverty (modules/followup)", R"SQL(
CREATE TABLE follow_up_visits (
    id BIGINT PRIMARY KEY,
    household_id TEXT NOT NULL,
    visit_date TEXT NOT NULL,
    visitor TEXT NOT NULL,
    situation TEXT NOT NULL,
    support TEXT NOT NULL,
    note TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id)
);
CREATE INDEX follow_up_visits_by_household ON follow_up_visits (household_id, visit_date, id);
)SQL"},
        {11, "review rounds: the change set that last classified households of a draft again", R"SQL(
ALTER TABLE rounds ADD COLUMN results_change_set BIGINT NOT NULL DEFAULT 0;
)SQL"},
        {12, "a unit's extract remembers its unit (store copy --unit)", R"SQL(
CREATE TABLE extract_of (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    unit_code TEXT NOT NULL,
    made_from TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id)
);
)SQL"},
    };
    return kMigrations;
}

}  // namespace giamngheo::store
