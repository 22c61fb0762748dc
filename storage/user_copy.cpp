#include "storage/user_copy.hpp"

#include "kernel/errors.hpp"

namespace giamngheo::store {
namespace {

bool same_user(const StoredUser& a, const StoredUser& b) {
    return a.user.username == b.user.username && a.user.full_name == b.user.full_name && a.user.role == b.user.role &&
           a.user.unit_code == b.user.unit_code && a.user.disabled == b.user.disabled &&
           a.password_hash == b.password_hash;
}

void refuse_other(const std::string& username) {
    throw_conflict("người dùng " + username + " ở kho đích khác kho nguồn (họ tên, vai trò, đơn vị, trạng thái hoặc mật khẩu); "
                   "hãy đổi tên đăng nhập ở một bên rồi chép lại");
}

}  // namespace

bool carried_with(const accounts::User& user, const std::set<std::string>& communes, const Placer& placer,
                  const Date& at) {
    if (user.role == accounts::Role::admin || user.unit_code.empty()) return false;
    if (communes.count(user.unit_code)) return true;
    bool a_commune = false;
    for (const UnitMap map : {UnitMap::map2024, UnitMap::map2025})
        if (const UnitVersion* unit = placer.units().find(user.unit_code, map)) a_commune |= unit->level == UnitLevel::commune;
    if (!a_commune) return false;
    for (const auto& commune : communes)
        if (placer.scopes_overlap(commune, user.unit_code, at)) return true;
    return false;
}

std::set<std::string> travelling_users(AccountStore& from, const std::set<std::string>& communes,
                                       const CopyScope& scope) {
    std::set<std::string> names;
    for (const auto& user : from.users())
        if (carried_with(user, communes, scope.placer(), scope.at())) names.insert(user.username);
    return names;
}

void copy_users(AccountStore& from, AccountStore& to, const std::set<std::string>& travelling, const CopyRun& run,
                CopySummary& summary) {
    for (const auto& user : from.users()) {
        if (!travelling.count(user.username)) {
            ++summary.users_left;
            continue;
        }
        const StoredUser source = *from.find_user(user.username);
        if (const auto there = to.find_user(user.username)) {
            if (!same_user(*there, source)) refuse_other(user.username);
            ++summary.users_present;
            continue;
        }
        ++summary.users_copied;
        if (!run.writing) continue;
        (void)to.put_user(source.user, source.password_hash, run.actor);
        const auto copied = to.find_user(user.username);
        if (!copied || !same_user(*copied, source))
            throw_fault("store copy: user " + user.username + " differs in the target after the copy");
    }
}

}  // namespace giamngheo::store
