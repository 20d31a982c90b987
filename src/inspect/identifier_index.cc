#include "inspect/identifier_index.h"

#include <utility>

namespace cordon::inspect {
namespace {

// ISO 9362: a BIC is 8 or 11 characters; ISO 17442: an LEI is 20.
constexpr size_t kBic8 = 8, kBic11 = 11, kLei = 20;

std::string Bic8(std::string_view text) {
  std::string c = CompactIdentifier(text);
  if (c.size() != kBic8 && c.size() != kBic11) return "";
  return c.substr(0, kBic8);
}

std::vector<ListedIdentifier> Find(
    const std::unordered_map<std::string, std::vector<ListedIdentifier>>& map,
    const std::string& key) {
  if (key.empty()) return {};
  auto it = map.find(key);
  return it == map.end() ? std::vector<ListedIdentifier>() : it->second;
}

}  // namespace

std::string CompactIdentifier(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

IdentifierIndex::IdentifierIndex(const std::vector<LoadedList>& lists) {
  for (const LoadedList& l : lists) {
    for (const Entity& e : l.entities) {
      for (const Identifier& id : e.identifiers) {
        if (id.type == IdentifierType::kBic) {
          const std::string key = Bic8(id.value);
          if (!key.empty()) bic8_[key].push_back({&e, &id});
        } else if (id.type == IdentifierType::kLei) {
          const std::string key = CompactIdentifier(id.value);
          if (key.size() == kLei) lei_[key].push_back({&e, &id});
        }
      }
    }
  }
}

std::vector<ListedIdentifier> IdentifierIndex::FindBic(std::string_view bic) const {
  return Find(bic8_, Bic8(bic));
}

std::vector<ListedIdentifier> IdentifierIndex::FindLei(std::string_view lei) const {
  const std::string key = CompactIdentifier(lei);
  return Find(lei_, key.size() == kLei ? key : std::string());
}

}  // namespace cordon::inspect
