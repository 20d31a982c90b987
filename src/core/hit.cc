// The JSON spellings of the enums of cordon/hit.h: one table each, used both ways.
#include "cordon/hit.h"

#include <utility>

namespace cordon {
namespace {

constexpr std::pair<MatchHow, std::string_view> kMatchHowNames[] = {
    {MatchHow::kNone, "none"},
    {MatchHow::kExact, "exact"},
    {MatchHow::kVariant, "variant"},
    {MatchHow::kTransliteration, "transliteration"},
    {MatchHow::kEditDistance, "edit_distance"},
    {MatchHow::kInitial, "initial"},
    {MatchHow::kPhonetic, "phonetic"},
    {MatchHow::kSplitJoin, "split_join"},
};

constexpr std::pair<EvidenceEffect, std::string_view> kEffectNames[] = {
    {EvidenceEffect::kNeutral, "neutral"},
    {EvidenceEffect::kSupports, "supports"},
    {EvidenceEffect::kContradicts, "contradicts"},
};

template <typename E, size_t N>
std::string_view NameOf(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return table[0].second;  // unreachable for a valid enum value
}

template <typename E, size_t N>
std::optional<E> ValueOf(const std::pair<E, std::string_view> (&table)[N], std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view MatchHowName(MatchHow h) { return NameOf(kMatchHowNames, h); }
std::optional<MatchHow> ParseMatchHow(std::string_view name) {
  return ValueOf(kMatchHowNames, name);
}

std::string_view EvidenceEffectName(EvidenceEffect e) { return NameOf(kEffectNames, e); }
std::optional<EvidenceEffect> ParseEvidenceEffect(std::string_view name) {
  return ValueOf(kEffectNames, name);
}

}  // namespace cordon
