#include "storage/postgres/migrations.hpp"

#include <vector>

#include "storage/postgres/province_partitions.hpp"
#include "storage/postgres/tables.hpp"
#include "storage/records.hpp"

namespace giamngheo::store::postgres {
namespace {

struct Migration {
    int version;
    const char* description;
    const char* sql;
    // What SQL alone cannot do, run after `sql` in the same transaction.
    void (*after)(Connection&) = nullptr;
};

// Dates and timestamps are ISO text as in SQLite, so that both backends order and compare them
// alike; flags are integers for the same reason.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> kMigrations = {
        {1, "units, registry with versions, review rounds, change sets and the audit log", R"SQL(
CREATE TABLE change_set_counter (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    last BIGINT NOT NULL
);
INSERT INTO change_set_counter (last) VALUES (0);
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
CREATE TABLE villages (
    commune_code TEXT NOT NULL,
    name TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (commune_code, name)
);
CREATE TABLE households (
    household_id TEXT COLLATE "C" PRIMARY KEY,
    unit_code TEXT NOT NULL,
    village TEXT NOT NULL,
    head_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    removed_change_set BIGINT REFERENCES change_sets (id)
);
CREATE INDEX households_by_unit ON households (unit_code, village);
CREATE TABLE household_versions (
    household_id TEXT COLLATE "C" NOT NULL REFERENCES households (household_id),
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    document TEXT NOT NULL,
    PRIMARY KEY (household_id, version)
);
CREATE INDEX household_versions_by_change_set ON household_versions (change_set);
CREATE TABLE members (
    member_id TEXT PRIMARY KEY,
    household_id TEXT COLLATE "C" NOT NULL REFERENCES households (household_id),
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
    household_id TEXT COLLATE "C" NOT NULL,
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
CREATE TABLE audit_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
)SQL"},
        {2, "users, sessions and sign-in throttling of the web application", R"SQL(
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
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    next_allowed_at BIGINT NOT NULL,  -- milliseconds since 1970 (UTC)
    updated_at BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_by_age ON sign_in_throttle (updated_at);
)SQL"},
        {3, "implementation plans with versions and their budget lines", R"SQL(
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
        {4, "reports: state, entered and approved values per form, period and unit; their events", R"SQL(
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
        {5, "review procedure: the steps taken for each household of a round; households' requests", R"SQL(
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
        {6, "regular review: the round a household's request opened its case in", R"SQL(
ALTER TABLE household_requests ADD COLUMN round_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX household_requests_by_round ON household_requests (round_id);
)SQL"},
        {7, "follow-up visits to households that left poverty (modules/followup)", R"SQL(
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
        {8, "review rounds: the change set that last classified households of a draft again", R"SQL(
ALTER TABLE rounds ADD COLUMN results_change_set BIGINT NOT NULL DEFAULT 0;
)SQL"},
        // The rows are kept aside while the tables are made again: a table cannot become partitioned
        // in place. They land in the unplaced partitions; the hook places them by province.
        {9, "households, their versions, members and round results partitioned by province (province_partitions.hpp)", R"SQL(
CREATE TABLE unit_provinces (
    unit_code TEXT PRIMARY KEY,
    province_code TEXT NOT NULL
);
CREATE TEMPORARY TABLE households_before ON COMMIT DROP AS SELECT * FROM households;
CREATE TEMPORARY TABLE household_versions_before ON COMMIT DROP AS SELECT * FROM household_versions;
CREATE TEMPORARY TABLE members_before ON COMMIT DROP AS SELECT * FROM members;
CREATE TEMPORARY TABLE round_results_before ON COMMIT DROP AS SELECT * FROM round_results;
DROP TABLE members, household_versions, households, round_results;
CREATE TABLE households (
    province_code TEXT NOT NULL,
    household_id TEXT COLLATE "C" NOT NULL,
    unit_code TEXT NOT NULL,
    village TEXT NOT NULL,
    head_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    removed_change_set BIGINT REFERENCES change_sets (id),
    PRIMARY KEY (household_id, province_code)
) PARTITION BY LIST (province_code);
CREATE TABLE households_unplaced PARTITION OF households FOR VALUES IN ('');
CREATE INDEX households_by_unit ON households (unit_code, village);
CREATE TABLE household_versions (
    province_code TEXT NOT NULL,
    household_id TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id),
    document TEXT NOT NULL,
    PRIMARY KEY (household_id, version, province_code)
) PARTITION BY LIST (province_code);
CREATE TABLE household_versions_unplaced PARTITION OF household_versions FOR VALUES IN ('');
CREATE INDEX household_versions_by_change_set ON household_versions (change_set);
CREATE TABLE members (
    province_code TEXT NOT NULL,
    member_id TEXT NOT NULL,
    household_id TEXT COLLATE "C" NOT NULL,
    full_name TEXT NOT NULL,
    personal_id TEXT NOT NULL,
    PRIMARY KEY (member_id, province_code)
) PARTITION BY LIST (province_code);
CREATE TABLE members_unplaced PARTITION OF members FOR VALUES IN ('');
CREATE INDEX members_by_household ON members (household_id);
CREATE INDEX members_by_personal_id ON members (personal_id);
INSERT INTO households SELECT '', household_id, unit_code, village, head_name, version, change_set,
    removed_change_set FROM households_before;
INSERT INTO household_versions SELECT '', household_id, version, change_set, document FROM household_versions_before;
CREATE TABLE round_results (
    province_code TEXT NOT NULL,
    round_id BIGINT NOT NULL REFERENCES rounds (id),
    household_id TEXT COLLATE "C" NOT NULL,
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
    PRIMARY KEY (round_id, household_id, province_code)
) PARTITION BY LIST (province_code);
CREATE TABLE round_results_unplaced PARTITION OF round_results FOR VALUES IN ('');
INSERT INTO members SELECT '', member_id, household_id, full_name, personal_id FROM members_before;
INSERT INTO round_results SELECT '', round_id, household_id, household_version, unit_code, current_unit_code, village,
    area, class, income_test, deprivation_count, score_b, indicators, flags, transition, recently_escaped, members
    FROM round_results_before;
)SQL",
         [](Connection& db) { place_households_by_province(db, load_unit_catalogue(db, std::nullopt)); }},
        {10, "a unit's extract remembers its unit (store copy --unit)", R"SQL(
CREATE TABLE extract_of (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    unit_code TEXT NOT NULL,
    made_from TEXT NOT NULL,
    change_set BIGINT NOT NULL REFERENCES change_sets (id)
);
)SQL"},
    };
    return kMigrations;
}

// Text must sort as the embedded store sorts it, by bytes (for UTF-8, by code point), so that
// every list and export comes out the same on both engines: a database that sorts by a language's
// rules (en_US, ICU's vi) would order codes and names otherwise, silently. Checked when the schema
// is made; C.UTF-8 (glibc's, code point order) gives the same order as C.
void require_byte_order(Connection& connection) {
    Statement s(connection, "SELECT datcollate, datlocprovider FROM pg_database WHERE datname = current_database()");
    if (!s.step()) return;
    const std::string collate = s.text(0);
    const bool by_bytes = s.text(1) == "c" && (collate == "C" || collate == "POSIX" || collate == "C.UTF-8" || collate == "C.utf8");
    if (!by_bytes)
        throw_conflict("cơ sở dữ liệu sắp xếp chữ theo quy tắc ngôn ngữ (" + (s.text(1) == "i" ? "ICU" : collate) +
                       "), khác kho nhúng; hãy tạo lại nó với LC_COLLATE C: createdb --template template0 --encoding UTF8 "
                       "--locale-provider libc --lc-collate C --lc-ctype C.UTF-8 …");
}

bool read_only(Connection& connection) {
    Statement s(connection, "SELECT current_setting('transaction_read_only') = 'on'");
    return s.step() && s.text(0) == "t";
}

}  // namespace

void migrate(Connection& connection) {
    Transaction tx(connection, "BEGIN");
    const bool reading_only = read_only(connection);
    if (!reading_only) {
        // Any constant: the lock only keeps two first opens from creating the tables together.
        connection.exec("SELECT pg_advisory_xact_lock(7461626)");
        connection.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TEXT NOT NULL)");
    }
    const std::int64_t current =
        scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    // A database written by a newer program: this one would misread its tables.
    if (current > migrations().back().version)
        throw_conflict("kho dữ liệu có lược đồ phiên bản " + std::to_string(current) + ", mới hơn phiên bản " +
                       std::to_string(migrations().back().version) +
                       " mà chương trình này biết; hãy cập nhật giamngheo trước khi mở kho này");
    // A standby (or a session opened read-only) reads the schema as the primary made it: it cannot
    // migrate, and it serves only a schema this program knows whole.
    if (reading_only && current != migrations().back().version)
        throw_conflict("kho dữ liệu chỉ đọc có lược đồ phiên bản " + std::to_string(current) + ", chương trình này cần phiên bản " +
                       std::to_string(migrations().back().version) + "; hãy mở kho chính bằng chương trình này trước");
    if (current == 0 && !reading_only) require_byte_order(connection);
    for (const auto& m : migrations()) {
        if (m.version <= current) continue;
        connection.exec(m.sql);
        if (m.after) m.after(connection);
        Statement s(connection,
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)");
        s.bind(1, m.version).bind(2, std::string(m.description)).bind(3, now_utc()).run();
    }
    tx.commit();
}

}  // namespace giamngheo::store::postgres
