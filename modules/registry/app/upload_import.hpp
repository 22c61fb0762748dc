// Importing households and members that a user uploaded (the web application): both files held
// in memory (CSV or XLSX), checked as the command line checks them, and, before anything is
// written, every household the user may not write refused — by the unit the file gives it and by
// the unit the registry holds it in, so that an import can neither put a household outside the
// user's unit nor take one from there. A household moved between two units the user may write
// is an explicit change in the audit log. One pass reports every problem.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "platform/environment.hpp"
#include "kernel/placement.hpp"
#include "platform/table.hpp"
#include "storage/store.hpp"

namespace giamngheo::app {

struct UploadedFile {
    std::string name;  // as the user knows it: problems name it
    std::string content;
};

struct UploadImport {
    UploadedFile households, members;
    bool dry_run = false;
    // Whether the user may write households of this unit (their own unit and the units under it).
    std::function<bool(const UnitRef&)> may_write;
    store::Actor actor;
};

struct UploadImportResult {
    std::vector<io::Problem> problems;  // nothing was written when not empty
    bool outside_scope_only = false;    // every problem is a household the user may not write
    std::size_t households = 0, members = 0;
    store::ImportSummary summary;       // what was written; on a dry run, what would be
    std::vector<std::string> moved;     // households that change unit
    std::vector<std::string> written;   // every household of the files, once they are written
};

[[nodiscard]] UploadImportResult import_upload(store::Store& store, const Environment& env,
                                               const UnitCatalogue& units, const UploadImport& request);

}  // namespace giamngheo::app
