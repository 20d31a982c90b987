// Knowledge tables generated from data with provenance by the scripts in tools/ (data/tables/*.tsv)
// and compiled into the library (see CMakeLists.txt). Absent tables are empty; every user works
// without them.
//
// Formats (lines starting with '#' are comments carrying source and version):
//   name_variants.tsv  TAB-separated equivalent Latin spellings of one name token, lower-case
//   ASCII. token_stats.tsv    token TAB list_count TAB population_count (document frequencies), and
//   one
//                      "#total TAB names TAB names" line with the sizes of both corpora.
//   arabic_latin.tsv   arabic_token TAB latin1 TAB latin2 ... (Latin spellings, most common first).
//
// Thread safety: immutable after construction; const access from many threads is safe.
#ifndef CORDON_NORMALIZE_TABLES_H_
#define CORDON_NORMALIZE_TABLES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordon::normalize {

// Hash for heterogeneous lookup of std::string keys with std::string_view.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct TokenStat {
  uint32_t list_count = 0;
  uint32_t population_count = 0;
};

class KnowledgeTables {
 public:
  // Parses the three tables from text. Malformed lines (wrong number of fields, non-numeric
  // counts) are skipped and counted in skipped_lines().
  static KnowledgeTables Parse(std::string_view name_variants, std::string_view token_stats,
                               std::string_view arabic_latin);
  // The tables compiled into the library (parsed once, on first use).
  static const KnowledgeTables& Embedded();

  // Variant group of a token (1-based), 0 when the token is in no group.
  uint32_t VariantGroup(std::string_view token) const;
  const TokenStat* Stats(std::string_view token) const;
  // Latin spellings of an Arabic-script token, most common first; nullptr if unknown.
  const std::vector<std::string>* ArabicLatin(std::string_view arabic) const;
  // Largest population_count in token_stats (the population's most common token), 0 if absent.
  uint32_t max_population_count() const { return max_population_count_; }
  uint32_t max_list_count() const { return max_list_count_; }
  // Number of names the counts were taken over, from the "#total" line; 0 when absent.
  uint32_t list_total() const { return list_total_; }
  uint32_t population_total() const { return population_total_; }

  // "tables:<12 hex digits of sha256 over the three texts>" or "tables:none" when all are empty.
  const std::string& version() const { return version_; }
  size_t variant_groups() const { return groups_; }
  size_t token_stats_size() const { return stats_.size(); }
  size_t arabic_latin_size() const { return arabic_.size(); }
  size_t skipped_lines() const { return skipped_; }

 private:
  void ParseVariants(std::string_view text);
  void ParseStats(std::string_view text);
  void ParseArabic(std::string_view text);

  StringMap<uint32_t> group_of_;
  StringMap<TokenStat> stats_;
  StringMap<std::vector<std::string>> arabic_;
  uint32_t max_population_count_ = 0;
  uint32_t max_list_count_ = 0;
  uint32_t list_total_ = 0;
  uint32_t population_total_ = 0;
  size_t groups_ = 0;
  size_t skipped_ = 0;
  std::string version_;
};

// Raw text of the embedded tables (generated file).
extern const char kEmbedded_name_variants[];
extern const char kEmbedded_token_stats[];
extern const char kEmbedded_arabic_latin[];

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_TABLES_H_
