// The budget lines table as officers read and type it: Vietnamese headers, funding sources, fund
// kinds and stages by their names, Có/Không for counterpart funds. The import reads this and the
// machine's keys and codes alike, so a file written by export_budget_xlsx comes back unchanged.
#pragma once

#include <string>

#include "modules/plans/domain/catalogue.hpp"

namespace giamngheo::app {

// "node" → "Mã dự án, tiểu dự án"; a column it does not know keeps its key.
[[nodiscard]] std::string budget_column_header(const std::string& key);
// The key of a header written either way ("NGUỒN VỐN", "source" → "source"); the header itself
// when it is neither.
[[nodiscard]] std::string budget_column_key(const std::string& header);

// Values written for people, read back by the import.
[[nodiscard]] std::string source_text(const FundingCatalogue& funding, const std::string& key);
[[nodiscard]] std::string fund_kind_text(const FundingCatalogue& funding, const std::string& key);
[[nodiscard]] std::string stage_text(const std::string& key);
[[nodiscard]] std::string counterpart_text(bool counterpart);

// The key of a source, fund kind or stage written by its key or its name (any capitals), or the
// text itself when it is neither (the import then names it as unknown).
[[nodiscard]] std::string source_key(const FundingCatalogue& funding, const std::string& text);
[[nodiscard]] std::string fund_kind_key(const FundingCatalogue& funding, const std::string& text);
[[nodiscard]] std::string stage_key(const std::string& text);
// "1"/"Có" → "1", "0"/"Không" → "0"; anything else unchanged.
[[nodiscard]] std::string counterpart_key(const std::string& text);

}  // namespace giamngheo::app
