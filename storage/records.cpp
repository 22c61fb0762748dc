#include "storage/records.hpp"

#include <chrono>
#include <ctime>

#include "kernel/errors.hpp"
#include "modules/registry/formats/household_document.hpp"

namespace giamngheo::store {

std::string now_utc() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void throw_store_busy() {
    throw Error(
        ErrorKind::busy, "store_busy",
        "Dữ liệu đang được một công việc khác ghi (ví dụ một lần nhập lớn); vui lòng thử lại sau ít phút.");
}

void throw_member_taken(std::string_view member_id, const std::string& household_id,
                        const std::string& owner) {
    throw_conflict("thành viên \"" + std::string(member_id) + "\" của hộ \"" + household_id +
                   "\" đã thuộc hộ \"" + owner + "\" trong sổ hộ");
}

void throw_stale_household(const std::string& id, std::int64_t expected, std::int64_t stored) {
    throw Error(ErrorKind::stale_version, "stale_version",
                "Hồ sơ hộ " + id + " đã được người khác sửa (phiên bản " + std::to_string(stored) +
                    ", không phải " + std::to_string(expected) + "); các thay đổi chưa được lưu.");
}

bool write_allowed(const Household& incoming, const std::string& stored_document, std::int64_t version,
                   const WriteCheck& check, ImportSummary& summary) {
    if (const auto it = check.expected_versions.find(incoming.household_id);
        it != check.expected_versions.end() && it->second != version)
        throw_stale_household(incoming.household_id, it->second, version);
    if (!check.existing) return true;
    std::string reason = check.existing(from_document(stored_document), incoming);
    if (reason.empty()) return true;
    summary.refused.push_back({incoming.household_id, std::move(reason)});
    return false;
}

}  // namespace giamngheo::store
