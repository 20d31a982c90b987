#include "normalize/tables.h"

#include <charconv>

#include "core/sha256.h"
#include "core/tsv.h"

namespace cordon::normalize {
namespace {

// Calls fn(fields) for each data line split at TABs.
template <typename Fn>
void ForEachRow(std::string_view text, Fn fn) {
  // The tables are generated and embedded at build time; a malformed row is
  // counted (skipped_lines) by the callers rather than failing.
  (void)ForEachDataLine(text, [&](uint64_t, std::string_view line) {
    fn(SplitTabs(line));
    return absl::OkStatus();
  });
}

bool ParseCount(std::string_view s, uint32_t* out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

KnowledgeTables KnowledgeTables::Parse(std::string_view name_variants, std::string_view token_stats,
                                       std::string_view arabic_latin) {
  KnowledgeTables t;
  t.ParseVariants(name_variants);
  t.ParseStats(token_stats);
  t.ParseArabic(arabic_latin);
  if (name_variants.empty() && token_stats.empty() && arabic_latin.empty()) {
    t.version_ = "tables:none";
  } else {
    Sha256 h;
    h.Update(name_variants);
    h.Update(token_stats);
    h.Update(arabic_latin);
    t.version_ = "tables:" + h.HexDigest().substr(0, 12);
  }
  return t;
}

const KnowledgeTables& KnowledgeTables::Embedded() {
  static const KnowledgeTables* tables = new KnowledgeTables(
      Parse(kEmbedded_name_variants, kEmbedded_token_stats, kEmbedded_arabic_latin));
  return *tables;
}

void KnowledgeTables::ParseVariants(std::string_view text) {
  ForEachRow(text, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) {
      ++skipped_;
      return;
    }
    const uint32_t id = static_cast<uint32_t>(++groups_);
    // A token listed in two groups keeps its first: the tools write each token once, so this
    // only guards against a hand-edited table.
    for (std::string_view tok : f) {
      if (!tok.empty()) group_of_.emplace(std::string(tok), id);
    }
  });
}

void KnowledgeTables::ParseStats(std::string_view text) {
  if (const size_t at = text.find("#total\t"); at != std::string_view::npos) {
    ForEachRow(text.substr(at + 1, text.find('\n', at) - at), [&](const auto& f) {
      if (f.size() != 3 || !ParseCount(f[1], &list_total_) ||
          !ParseCount(f[2], &population_total_)) {
        ++skipped_;
      }
    });
  }
  ForEachRow(text, [&](const std::vector<std::string_view>& f) {
    TokenStat s;
    if (f.size() != 3 || f[0].empty() || !ParseCount(f[1], &s.list_count) ||
        !ParseCount(f[2], &s.population_count)) {
      ++skipped_;
      return;
    }
    max_population_count_ = std::max(max_population_count_, s.population_count);
    max_list_count_ = std::max(max_list_count_, s.list_count);
    stats_.emplace(std::string(f[0]), s);
  });
}

void KnowledgeTables::ParseArabic(std::string_view text) {
  ForEachRow(text, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2 || f[0].empty()) {
      ++skipped_;
      return;
    }
    std::vector<std::string> latin;
    for (size_t i = 1; i < f.size(); ++i) {
      if (!f[i].empty()) latin.emplace_back(f[i]);
    }
    if (!latin.empty()) arabic_.emplace(std::string(f[0]), std::move(latin));
  });
}

uint32_t KnowledgeTables::VariantGroup(std::string_view token) const {
  const auto it = group_of_.find(token);
  return it == group_of_.end() ? 0 : it->second;
}

const TokenStat* KnowledgeTables::Stats(std::string_view token) const {
  const auto it = stats_.find(token);
  return it == stats_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* KnowledgeTables::ArabicLatin(std::string_view arabic) const {
  const auto it = arabic_.find(arabic);
  return it == arabic_.end() ? nullptr : &it->second;
}

}  // namespace cordon::normalize
