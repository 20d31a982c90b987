#include "testing/synthetic.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/country.h"
#include "core/files.h"
#include "core/sha256.h"
#include "core/strcat.h"
#include "core/text.h"
#include "core/tsv.h"
#include "normalize/normalizer.h"

namespace cordon::testing {
namespace {

constexpr size_t kSchemas = 5;
constexpr size_t kMaxAliases = 4;

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and exactly reproducible everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Index drawn from cumulative weights `cum` (non-decreasing, last > 0).
  size_t Cumulative(const std::vector<double>& cum) {
    const double u = Unit() * cum.back();
    const size_t i = std::upper_bound(cum.begin(), cum.end(), u) - cum.begin();
    return std::min(i, cum.size() - 1);
  }

 private:
  uint64_t state_;
};

bool IsAsciiWord(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return (c & 0x80) == 0; });
}

// Capitals for ASCII letters; a word with other letters is kept as written (not "GúBIO").
std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find(' ', start);
    if (end == std::string::npos) end = out.size();
    if (IsAsciiWord(std::string_view(out).substr(start, end - start))) {
      for (size_t i = start; i < end; ++i) {
        out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
      }
    }
    start = end + 1;
  }
  return out;
}

// "MUHAMMAD", "muhammad" -> "Muhammad"; non-ASCII words ("Şahin") are kept as written.
std::string Display(std::string_view w) {
  if (!IsAsciiWord(w)) return std::string(w);
  std::string out = AsciiLower(w);
  for (size_t i = 0; i < out.size(); ++i) {
    if (i == 0 || out[i - 1] == '-' || out[i - 1] == '\'') {
      out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
    }
  }
  return out;
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// A word of a list name with list punctuation around it removed; empty when it is not a name word
// (digits in a person name, brackets, stray punctuation).
std::string CleanWord(std::string_view w, bool allow_digits) {
  const std::string_view strip = ".,;:()[]\"'/*";
  while (!w.empty() && strip.find(w.front()) != std::string_view::npos) w.remove_prefix(1);
  while (!w.empty() && strip.find(w.back()) != std::string_view::npos) w.remove_suffix(1);
  if (w.empty() || w.find_first_of("()[]/\"") != std::string_view::npos) return "";
  bool letter = false;
  for (char c : w) {
    if (std::isdigit(static_cast<unsigned char>(c)) && !allow_digits) return "";
    letter |= std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80);
  }
  return letter || allow_digits ? std::string(w) : "";
}

struct Tok {
  std::string latin;   // as displayed
  std::string native;  // original-script form, empty when unknown
};

// Where a sample name comes from: the real lists, or a name corpus (faker).
enum class Source : uint8_t { kList, kCorpus };

// Tokens of one position of a name, drawn with Zipf weights by frequency.
class Pool {
 public:
  void Add(std::string_view latin, std::string_view native, Source source) {
    // A list name can mix scripts ("Mullah <Arabic>"): only Latin words (or numbers) are Latin.
    if (const std::string script = DetectScript(latin); !script.empty() && script != "Latn") return;
    std::string key = AsciiLower(latin);
    auto [it, added] = index_.emplace(std::move(key), entries_.size());
    if (added) entries_.push_back({{Display(latin), std::string(native)}, 0, 0});
    Entry& e = entries_[it->second];
    ++(source == Source::kList ? e.list_count : e.corpus_count);
    if (e.tok.native.empty() && !native.empty()) e.tok.native = std::string(native);
  }
  // Ranks by frequency on the lists, then by frequency in the corpora (faker draws from short
  // per-locale name lists, so its counts say little about real frequency: a locale with 30
  // surnames would otherwise outrank the lists' own Ivanov), ties by text; and sets
  // P(rank r) ~ 1 / r: Zipf's law with exponent 1, which personal-name frequencies follow
  // closely (Zanette & Manrubia 2001, family names).
  void Finish() {
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      if (a.list_count != b.list_count) return a.list_count > b.list_count;
      if (a.corpus_count != b.corpus_count) return a.corpus_count > b.corpus_count;
      return a.tok.latin < b.tok.latin;
    });
    index_.clear();
    cum_.clear();
    double total = 0;
    for (size_t r = 0; r < entries_.size(); ++r) cum_.push_back(total += 1.0 / (r + 1));
  }
  const Tok& Draw(Rng& rng) const { return entries_[rng.Cumulative(cum_)].tok; }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  const Tok& at(size_t i) const { return entries_[i].tok; }

 private:
  struct Entry {
    Tok tok;
    uint32_t list_count = 0;
    uint32_t corpus_count = 0;
  };
  std::unordered_map<std::string, size_t> index_;
  std::vector<Entry> entries_;
  std::vector<double> cum_;
};

// Names of one kind (a region's persons, organisations, vessels): a distribution of lengths and
// one pool per position (first word, middle words, last word).
struct NameModel {
  std::vector<uint8_t> lengths;  // word counts of the sample names, drawn uniformly
  Pool first, middle, last;
  void Add(const std::vector<Tok>& words, Source source) {
    if (words.empty()) return;
    lengths.push_back(static_cast<uint8_t>(std::min<size_t>(words.size(), 6)));
    for (size_t i = 0; i < words.size(); ++i) {
      Pool& p = words.size() == 1 || i == 0 ? first : i + 1 == words.size() ? last : middle;
      p.Add(words[i].latin, words[i].native, source);
    }
  }
  void Finish() {
    first.Finish();
    middle.Finish();
    last.Finish();
  }
  bool usable() const { return !lengths.empty() && !first.empty(); }
  std::vector<const Tok*> Draw(Rng& rng) const {
    size_t len = lengths[rng.Below(lengths.size())];
    if (len >= 2 && last.empty()) len = 1;
    if (len >= 3 && middle.empty()) len = 2;
    std::vector<const Tok*> out;
    for (size_t i = 0; i < len; ++i) {
      const Pool& p = len == 1 || i == 0 ? first : i + 1 == len ? last : middle;
      out.push_back(&p.Draw(rng));
    }
    return out;
  }
};

// Regions of the world whose names differ, with the nationalities (ISO alpha-2) the lists give
// and the faker locales that add names of the region. "europe" takes every other country and
// locale.
struct RegionDef {
  const char* name;
  std::vector<std::string> countries;
  std::vector<std::string> locales;
  bool arabic_script;  // names also written in Arabic script (ar2en natives, kunya aliases)
};

const std::vector<RegionDef>& Regions() {
  static const auto* regions = new std::vector<RegionDef>{
      {"arab",
       {"iq", "sy", "ye", "sa", "so", "ly", "lb", "ps", "jo", "eg",
        "sd", "dz", "tn", "ma", "kw", "qa", "ae", "bh", "om", "mr"},
       {"ar"},
       true},
      {"south_asia",
       {"af", "pk", "in", "bd", "lk", "np", "mv"},
       {"ur", "en_IN", "ne", "en_NP", "dv"},
       true},
      {"iran", {"ir"}, {"fa", "ku_ckb", "ku_kmr_latin"}, true},
      {"cis",
       {"ru", "by", "ua", "kz", "kg", "tj", "uz", "tm", "az", "am", "ge", "md"},
       {"ru", "uk", "az", "hy", "ka_GE", "uz_UZ_latin", "ro_MD"},
       false},
      {"east_asia",
       {"cn", "hk", "tw", "mo", "kp", "kr", "jp", "mn"},
       {"zh_CN", "zh_TW", "ko", "ja"},
       false},
      {"southeast_asia",
       {"mm", "vn", "th", "kh", "la", "sg", "my", "id", "ph"},
       {"vi", "th", "id_ID"},
       false},
      {"latam",
       {"mx", "co", "ve", "ni", "cu", "pa", "ar", "br", "pe", "ec",
        "gt", "hn", "sv", "bo", "py", "uy", "cl", "do", "ht", "cr"},
       {"es_MX", "es", "pt_BR"},
       false},
      {"africa",
       {"ng", "gh", "za", "cd", "cf", "ss", "zw", "ke", "et", "er", "ml", "ne", "bf", "td",
        "cm", "ug", "rw", "bi", "gn", "sn", "ci", "lr", "sl", "mz", "tz", "gm", "cg", "ao"},
       {"en_NG", "en_GH", "yo_NG", "zu_ZA", "af_ZA", "fr_SN"},
       false},
      {"europe", {}, {}, false},
  };
  return *regions;
}

size_t RegionOfCountry(std::string_view code) {
  const auto& r = Regions();
  for (size_t i = 0; i + 1 < r.size(); ++i) {
    if (std::find(r[i].countries.begin(), r[i].countries.end(), code) != r[i].countries.end()) {
      return i;
    }
  }
  return r.size() - 1;
}

size_t RegionOfLocale(std::string_view locale) {
  const auto& r = Regions();
  for (size_t i = 0; i + 1 < r.size(); ++i) {
    if (std::find(r[i].locales.begin(), r[i].locales.end(), locale) != r[i].locales.end()) {
      return i;
    }
  }
  return r.size() - 1;
}

std::string EntityCountry(const Entity& e) {
  for (const auto* v : {&e.nationalities, &e.citizenships}) {
    for (const Country& c : *v) {
      if (!c.code.empty()) return c.code;
    }
  }
  for (const Place& p : e.birth_places) {
    if (!p.country.code.empty()) return p.country.code;
  }
  return "";
}

// The words of a listed person's name in given ... family order.
std::vector<std::string> PersonWords(const Name& n) {
  std::vector<std::string> raw;
  if (!n.parts.empty()) {
    static constexpr std::array<NamePartType, 7> kOrder = {
        NamePartType::kGiven,      NamePartType::kMiddle, NamePartType::kPatronymic,
        NamePartType::kMatronymic, NamePartType::kOther,  NamePartType::kTribal,
        NamePartType::kFamily};
    for (NamePartType t : kOrder) {
      for (const NamePart& p : n.parts) {
        if (p.type != t) continue;
        for (std::string& w : SplitWords(p.value)) raw.push_back(std::move(w));
      }
    }
  } else if (const size_t comma = n.full.find(','); comma != std::string::npos) {
    raw = SplitWords(n.full.substr(comma + 1));
    for (std::string& w : SplitWords(n.full.substr(0, comma))) raw.push_back(std::move(w));
  } else {
    raw = SplitWords(n.full);
  }
  std::vector<std::string> out;
  for (const std::string& w : raw) {
    std::string c = CleanWord(w, false);
    if (c.size() >= 2) out.push_back(std::move(c));
  }
  return out;
}

// Cumulative weights over counts.
template <typename T>
std::vector<double> CumulativeOf(const std::vector<std::pair<T, double>>& v) {
  std::vector<double> cum;
  cum.reserve(v.size());
  double total = 0;
  for (const auto& [_, w] : v) cum.push_back(total += w);
  return cum;
}

}  // namespace

struct SyntheticLists::Impl {
  SyntheticProfile profile;
  std::vector<NameModel> regions;  // persons, parallel to Regions()
  std::vector<double> region_cum;
  std::vector<std::vector<std::pair<std::string, double>>> region_countries;
  std::vector<std::vector<double>> region_country_cum;
  NameModel orgs, vessels;
  std::vector<std::string> aircraft_prefixes;  // "EP", "YK", "UP"
  // Lower-case Latin spelling -> the other Latin spellings of the same Arabic name (ar2en).
  std::unordered_map<std::string, std::vector<std::string>> spellings;
  std::unordered_map<std::string, std::string> arabic_of;  // lower-case Latin -> Arabic script
  std::vector<double> schema_cum;
  std::vector<std::vector<double>> alias_cum;  // per schema
  std::string corpus_hash;

  absl::Status ReadAr2En(const std::string& path);
  absl::Status ReadFaker(const std::string& path, const normalize::Normalizer& norm);
  void ReadBundled(const std::vector<LoadedList>& bundled);
  void Finish();

  Entity MakeEntity(size_t n, uint64_t seed) const;
  void MakePerson(Rng& rng, Entity* e) const;
  void MakeOrg(Rng& rng, Entity* e) const;
  void MakeVessel(Rng& rng, Entity* e) const;
  void MakeAircraft(Rng& rng, Entity* e) const;
  size_t DrawAliases(Rng& rng, Schema s) const { return rng.Cumulative(alias_cum[size_t(s)]); }
};

namespace {

std::string Join(const std::vector<std::string>& w, std::string_view sep = " ") {
  std::string s;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i) s += sep;
    s += w[i];
  }
  return s;
}

}  // namespace

absl::Status SyntheticLists::Impl::ReadAr2En(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  corpus_hash += Sha256Hex(*text);
  std::map<std::string, std::vector<std::string>> by_arabic;
  absl::Status s = ForEachDataLine(*text, [&](uint64_t, std::string_view line) {
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() < 2 || f[0].empty() || f[1].empty() || !IsAsciiWord(f[1])) return absl::OkStatus();
    const std::string latin = AsciiLower(f[1]);
    arabic_of.emplace(latin, std::string(f[0]));
    auto& v = by_arabic[std::string(f[0])];
    if (std::find(v.begin(), v.end(), latin) == v.end()) v.push_back(latin);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  for (const auto& [_, latins] : by_arabic) {
    for (const std::string& a : latins) {
      for (const std::string& b : latins) {
        if (a != b) spellings[a].push_back(Display(b));
      }
    }
  }
  return absl::OkStatus();
}

// faker names: culture<TAB>schema<TAB>name. Native-script names are paired word by word with
// their transliteration by our normaliser; the "-Latn" lines (the corpus's own transliterations
// of the same names) are skipped so no name counts twice.
absl::Status SyntheticLists::Impl::ReadFaker(const std::string& path,
                                             const normalize::Normalizer& norm) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  corpus_hash += Sha256Hex(*text);
  return ForEachDataLine(*text, [&](uint64_t, std::string_view line) {
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() < 3 || f[0].ends_with("-Latn")) return absl::OkStatus();
    const bool person = f[1] == "Person";
    const std::string script = DetectScript(f[2]);
    if (!person && script != "Latn") return absl::OkStatus();
    std::vector<Tok> words;
    for (const std::string& w : SplitWords(f[2])) {
      std::string clean = CleanWord(w, !person);
      if (clean.empty()) continue;
      if (script == "Latn" || DetectScript(clean) == "Latn") {  // "Mullah" in an Urdu name
        words.push_back({clean, ""});
        continue;
      }
      std::string latin;
      for (const std::string& part : SplitWords(norm.ToAscii(clean))) latin += part;
      if (latin.size() < 2) return absl::OkStatus();  // untransliterable: skip the name
      words.push_back({Display(latin), clean});
    }
    if (person) {
      if (words.size() < 2) return absl::OkStatus();
      regions[RegionOfLocale(f[0])].Add(words, Source::kCorpus);
      ++profile.person_samples;
    } else {
      orgs.Add(words, Source::kCorpus);
      ++profile.org_samples;
    }
    return absl::OkStatus();
  });
}

namespace {

// Counters of the bundled lists' make-up.
struct Census {
  std::array<double, kSchemas> schema{};
  std::array<std::array<double, kMaxAliases + 1>, kSchemas> aliases{};
  std::array<double, kSchemas> alias_names{}, weak_names{}, original{}, with_id{};
  double persons = 0, with_dob = 0, with_nat = 0;
  std::map<std::string, double> countries;  // persons by nationality code
};

void Count(const Entity& e, Census* c) {
  const size_t s = static_cast<size_t>(e.schema) % kSchemas;
  c->schema[s] += 1;
  c->aliases[s][std::min(e.names.empty() ? 0 : e.names.size() - 1, kMaxAliases)] += 1;
  bool original = false;
  for (size_t i = 0; i < e.names.size(); ++i) {
    const std::string& sc = e.names[i].script;
    original |= !sc.empty() && sc != "Latn";
    if (i == 0) continue;
    c->alias_names[s] += 1;
    c->weak_names[s] += e.names[i].strength == NameStrength::kWeak;
  }
  c->original[s] += original;
  c->with_id[s] += !e.identifiers.empty();
  if (e.schema == Schema::kPerson) {
    c->persons += 1;
    c->with_dob += !e.birth_dates.empty();
    const std::string code = EntityCountry(e);
    c->with_nat += !code.empty();
    if (!code.empty()) c->countries[code] += 1;
  }
}

double Share(double part, double whole) { return whole > 0 ? part / whole : 0; }

}  // namespace

void SyntheticLists::Impl::ReadBundled(const std::vector<LoadedList>& bundled) {
  Census c;
  for (const LoadedList& l : bundled) {
    corpus_hash += l.version.content_hash;
    for (const Entity& e : l.entities) {
      Count(e, &c);
      const std::string code = EntityCountry(e);
      for (const Name& n : e.names) {
        if (n.strength != NameStrength::kStrong || n.script != "Latn") continue;
        if (e.schema == Schema::kPerson) {
          if (code.empty()) continue;  // region unknown: its words would mix cultures
          std::vector<Tok> words;
          for (std::string& w : PersonWords(n)) words.push_back({std::move(w), ""});
          if (words.size() < 2) continue;
          regions[RegionOfCountry(code)].Add(words, Source::kList);
          ++profile.person_samples;
          continue;
        }
        std::vector<Tok> words;
        for (const std::string& w : SplitWords(n.full)) {
          if (std::string cw = CleanWord(w, true); !cw.empty()) words.push_back({cw, ""});
        }
        if (e.schema == Schema::kAircraft) {
          // Registration marks ("EP-GOM"): the nationality prefix is kept, the rest is drawn.
          const size_t dash = n.full.find('-');
          const std::string prefix = AsciiUpper(n.full.substr(0, dash));
          if (dash >= 1 && dash <= 2 && std::all_of(prefix.begin(), prefix.end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) != 0;
              })) {
            aircraft_prefixes.push_back(prefix);
          }
        } else if (e.schema == Schema::kVessel) {
          vessels.Add(words, Source::kList);
        } else {
          orgs.Add(words, Source::kList);
          ++profile.org_samples;
        }
      }
    }
  }
  for (size_t s = 0; s < kSchemas; ++s) {
    const double total = std::max(1.0, c.schema[s]);
    profile.schema_share[s] = c.schema[s];
    for (size_t k = 0; k <= kMaxAliases; ++k) profile.alias_share[s][k] = c.aliases[s][k] / total;
    profile.weak_alias_share[s] = Share(c.weak_names[s], c.alias_names[s]);
    profile.original_script_share[s] = c.original[s] / total;
    profile.identifier_share[s] = c.with_id[s] / total;
  }
  double all = 0;
  for (double v : c.schema) all += v;
  for (double& v : profile.schema_share) v = Share(v, all);
  profile.birth_date_share = Share(c.with_dob, c.persons);
  profile.nationality_share = Share(c.with_nat, c.persons);
  region_countries.assign(Regions().size(), {});
  for (const auto& [code, n] : c.countries)
    region_countries[RegionOfCountry(code)].push_back({code, n});
}

void SyntheticLists::Impl::Finish() {
  std::vector<std::pair<std::string, double>> shares;
  double total = 0;
  for (size_t r = 0; r < Regions().size(); ++r) {
    double n = 0;
    for (const auto& [_, v] : region_countries[r]) n += v;
    if (!regions[r].usable() || region_countries[r].empty()) n = 0;  // cannot make its names
    shares.push_back({Regions()[r].name, n});
    total += n;
  }
  for (auto& [_, v] : shares) v = Share(v, total);
  profile.region_share = shares;
  region_cum = CumulativeOf(shares);
  for (const auto& rc : region_countries) {
    region_country_cum.push_back(rc.empty() ? std::vector<double>{1.0} : CumulativeOf(rc));
  }
  for (NameModel* m : {&orgs, &vessels}) m->Finish();
  for (NameModel& m : regions) m.Finish();
  for (const NameModel* m : {&orgs, &vessels}) {
    profile.distinct_tokens += m->first.size() + m->middle.size() + m->last.size();
  }
  for (const NameModel& m : regions) {
    profile.distinct_tokens += m.first.size() + m.middle.size() + m.last.size();
  }
  if (aircraft_prefixes.empty()) aircraft_prefixes.push_back("EP");
  std::sort(aircraft_prefixes.begin(), aircraft_prefixes.end());
  // Schemas whose names cannot be made (no samples) get no share.
  std::array<double, kSchemas> sw{};
  for (size_t s = 0; s < kSchemas; ++s) sw[s] = profile.schema_share[s];
  if (!vessels.usable()) sw[size_t(Schema::kVessel)] = 0;
  if (!orgs.usable()) sw[size_t(Schema::kOrganization)] = sw[size_t(Schema::kLegalEntity)] = 0;
  double t = 0;
  for (double v : sw) schema_cum.push_back(t += v);
  for (size_t s = 0; s < kSchemas; ++s) {
    std::vector<double> cum;
    double a = 0;
    for (double v : profile.alias_share[s]) cum.push_back(a += v);
    if (a <= 0) cum.assign(kMaxAliases + 1, 1.0);  // no such entities: no aliases
    alias_cum.push_back(std::move(cum));
  }
}

absl::StatusOr<std::unique_ptr<SyntheticLists>> SyntheticLists::Create(
    const std::vector<LoadedList>& bundled, const std::string& data_dir) {
  auto impl = std::make_unique<Impl>();
  impl->regions.resize(Regions().size());
  auto norm = normalize::Normalizer::Create();
  if (!norm.ok()) return norm.status();
  const std::filesystem::path dir(data_dir);
  for (const char* f : {"names/negatives/names.tsv", "names/negatives/population.tsv"}) {
    if (absl::Status s = impl->ReadFaker((dir / f).string(), **norm); !s.ok()) return s;
  }
  if (absl::Status s = impl->ReadAr2En((dir / "names/google_ar2en/ar2en-train.txt").string());
      !s.ok()) {
    return s;
  }
  impl->ReadBundled(bundled);
  if (impl->profile.schema_share[size_t(Schema::kPerson)] <= 0) {
    return absl::InvalidArgumentError("synthetic lists: the bundled lists hold no persons");
  }
  impl->Finish();
  return std::unique_ptr<SyntheticLists>(new SyntheticLists(std::move(impl)));
}

SyntheticLists::SyntheticLists(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SyntheticLists::~SyntheticLists() = default;
const SyntheticProfile& SyntheticLists::profile() const { return impl_->profile; }

namespace {

std::string Digits(Rng& rng, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

std::string Letters(Rng& rng, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('A' + rng.Below(26)));
  return s;
}

// An IMO ship number: six digits and a check digit (sum of digit i times 7-i, mod 10).
std::string Imo(Rng& rng) {
  std::string d = std::to_string(1 + rng.Below(9)) + Digits(rng, 5);
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (d[i] - '0') * (7 - i);
  return d + static_cast<char>('0' + sum % 10);
}

PartialDate RandomDate(Rng& rng, int first_year, int years) {
  return {static_cast<int16_t>(first_year + rng.Below(years)),
          static_cast<int8_t>(1 + rng.Below(12)), static_cast<int8_t>(1 + rng.Below(28))};
}

// A birth date as lists give them: mostly full dates, some years only, some ranges.
BirthDate RandomBirthDate(Rng& rng) {
  BirthDate b;
  // 1940..2002, peaked around 1971 (sum of two uniforms): the bulk of listed persons.
  b.from = RandomDate(rng, 1940 + static_cast<int>(rng.Below(32)), 31);
  const double kind = rng.Unit();
  if (kind < 0.3) {
    b.from.month = b.from.day = 0;
  } else if (kind < 0.4) {
    b.from.month = b.from.day = 0;
    b.to = b.from;
    b.to.year = static_cast<int16_t>(b.from.year + 1 + rng.Below(3));
    return b;
  }
  b.to = b.from;
  return b;
}

Name MakeName(std::string full, NameKind kind, NameStrength strength) {
  Name n;
  n.script = DetectScript(full);
  n.full = std::move(full);
  n.kind = kind;
  n.strength = strength;
  n.quality_text = strength == NameStrength::kWeak ? "Low"
                   : kind == NameKind::kPrimary    ? ""
                                                   : "Good";
  return n;
}

// The first character of a UTF-8 word, whole (a multi-byte letter is not cut).
std::string FirstLetter(std::string_view w) {
  size_t n = 1;
  while (n < w.size() && (static_cast<unsigned char>(w[n]) & 0xC0) == 0x80) ++n;
  return std::string(w.substr(0, n));
}

// Adds `n` unless the entity already has a name written the same way (two acronyms of one name).
void AddName(Entity* e, Name n) {
  for (const Name& x : e->names) {
    if (x.full == n.full) return;
  }
  e->names.push_back(std::move(n));
}

std::vector<std::string> Latins(const std::vector<const Tok*>& toks) {
  std::vector<std::string> w;
  w.reserve(toks.size());
  for (const Tok* t : toks) w.push_back(t->latin);
  return w;
}

// A person name written in one of the styles of the lists: "Given Middle Family" (UN, UK),
// "FAMILY, Given Middle" (OFAC), all capitals (UN).
std::string RenderPerson(const std::vector<std::string>& w, Rng& rng) {
  const double style = rng.Unit();
  if (style < 0.3 && w.size() >= 2) {
    std::vector<std::string> rest(w.begin(), w.end() - 1);
    return AsciiUpper(w.back()) + ", " + Join(rest);
  }
  return style < 0.6 ? AsciiUpper(Join(w)) : Join(w);
}

}  // namespace

void SyntheticLists::Impl::MakePerson(Rng& rng, Entity* e) const {
  const size_t r = rng.Cumulative(region_cum);
  const NameModel& model = regions[r];
  const bool arabic = Regions()[r].arabic_script;
  const std::vector<const Tok*> toks = model.Draw(rng);
  AddName(e, MakeName(RenderPerson(Latins(toks), rng), NameKind::kPrimary, NameStrength::kStrong));
  // Original-script form: every word needs one (faker natives, or ar2en for Arabic-script
  // regions).
  std::vector<std::string> natives;
  for (const Tok* t : toks) {
    std::string n = t->native;
    if (n.empty() && arabic) {
      auto it = arabic_of.find(AsciiLower(t->latin));
      if (it != arabic_of.end()) n = it->second;
    }
    // One script per name: a region's pool mixes locales (Cyrillic, Armenian, Georgian).
    if (n.empty() || (!natives.empty() && DetectScript(n) != DetectScript(natives[0]))) break;
    natives.push_back(std::move(n));
  }
  const size_t k = DrawAliases(rng, Schema::kPerson);
  const size_t p = size_t(Schema::kPerson);
  const double with_alias = 1 - profile.alias_share[p][0];
  const double p_native = with_alias > 0 ? profile.original_script_share[p] / with_alias : 0;
  for (size_t i = 0; i < k; ++i) {
    if (i == 0 && natives.size() == toks.size() && rng.Chance(p_native)) {
      AddName(e, MakeName(Join(natives), NameKind::kAlias, NameStrength::kStrong));
      continue;
    }
    if (rng.Chance(profile.weak_alias_share[p])) {
      // A low-quality alias: a kunya ("Abu Hamza") or a single given name.
      std::string w = model.first.Draw(rng).latin;
      if (arabic && rng.Chance(0.5)) w.insert(0, "Abu ");
      AddName(e, MakeName(std::move(w), NameKind::kAlias, NameStrength::kWeak));
      continue;
    }
    std::vector<std::string> w = Latins(toks);
    const size_t kind = rng.Below(4);
    bool changed = false;
    if (kind == 0) {  // another spelling of one word (Mohammed / Muhammad)
      const size_t at = rng.Below(w.size());
      auto it = spellings.find(AsciiLower(w[at]));
      if (it != spellings.end()) {
        w[at] = it->second[rng.Below(it->second.size())];
        changed = true;
      }
    } else if (kind == 1 && w.size() >= 3) {  // without a middle name
      w.erase(w.begin() + 1 + rng.Below(w.size() - 2));
      changed = true;
    } else if (kind == 2) {  // family name first
      std::rotate(w.begin(), w.end() - 1, w.end());
      changed = true;
    }
    if (!changed) w = Latins(model.Draw(rng));  // a different name altogether
    AddName(e, MakeName(RenderPerson(w, rng), NameKind::kAlias, NameStrength::kStrong));
  }
  if (rng.Chance(profile.birth_date_share)) {
    e->birth_dates.push_back(RandomBirthDate(rng));
    if (rng.Chance(0.1)) e->birth_dates.push_back(RandomBirthDate(rng));
  }
  std::string code;
  if (rng.Chance(profile.nationality_share) && !region_countries[r].empty()) {
    code = region_countries[r][rng.Cumulative(region_country_cum[r])].first;
    e->nationalities.push_back({code, CountryName(code)});
  }
  if (rng.Chance(profile.identifier_share[p])) {
    Identifier id;
    const bool passport = rng.Chance(0.7);
    id.type = passport ? IdentifierType::kPassport : IdentifierType::kNationalId;
    id.type_text = passport ? "Passport" : "National Identification Number";
    id.value = passport ? Letters(rng, 1 + rng.Below(2)) + Digits(rng, 7) : Digits(rng, 10);
    id.country = {code, code.empty() ? "" : CountryName(code)};
    e->identifiers.push_back(std::move(id));
  }
}

void SyntheticLists::Impl::MakeOrg(Rng& rng, Entity* e) const {
  auto render = [&](const std::vector<std::string>& w) {
    return rng.Chance(0.5) ? AsciiUpper(Join(w)) : Join(w);
  };
  const std::vector<std::string> w = Latins(orgs.Draw(rng));
  AddName(e, MakeName(render(w), NameKind::kPrimary, NameStrength::kStrong));
  const size_t s = size_t(e->schema);
  const size_t k = DrawAliases(rng, e->schema);
  for (size_t i = 0; i < k; ++i) {
    const NameStrength strength =
        rng.Chance(profile.weak_alias_share[s]) ? NameStrength::kWeak : NameStrength::kStrong;
    const size_t kind = rng.Below(4);
    if (kind == 0 && w.size() >= 3) {  // acronym
      std::string acro;
      for (const std::string& x : w) acro += AsciiUpper(FirstLetter(x));
      AddName(e, MakeName(acro, NameKind::kAlias, strength));
    } else if (kind == 1 && w.size() >= 3) {  // without its last word (often the legal form)
      AddName(e, MakeName(render({w.begin(), w.end() - 1}), NameKind::kAlias, strength));
    } else {  // another name, former or current
      AddName(e, MakeName(render(Latins(orgs.Draw(rng))),
                          kind == 2 ? NameKind::kFormer : NameKind::kAlias, strength));
    }
  }
  if (rng.Chance(profile.identifier_share[s])) {
    Identifier id;
    if (rng.Chance(0.15)) {
      id.type = IdentifierType::kBic;
      id.type_text = "SWIFT/BIC";
      // Banks on the lists are mostly in these jurisdictions (Iran, Russia, Syria, North Korea,
      // the Emirates, China, Venezuela).
      static constexpr std::array<const char*, 7> kBicCountries = {"IR", "RU", "SY", "KP",
                                                                   "AE", "CN", "VE"};
      id.value = Letters(rng, 4) + kBicCountries[rng.Below(kBicCountries.size())] + Letters(rng, 2);
    } else {
      id.type = IdentifierType::kRegistration;
      id.type_text = "Registration Number";
      id.value = Digits(rng, 8 + rng.Below(6));
    }
    e->identifiers.push_back(std::move(id));
  }
}

void SyntheticLists::Impl::MakeVessel(Rng& rng, Entity* e) const {
  AddName(e, MakeName(AsciiUpper(Join(Latins(vessels.Draw(rng)))), NameKind::kPrimary,
                      NameStrength::kStrong));
  const size_t k = DrawAliases(rng, Schema::kVessel);
  for (size_t i = 0; i < k; ++i) {  // former names
    AddName(e, MakeName(AsciiUpper(Join(Latins(vessels.Draw(rng)))), NameKind::kFormer,
                        NameStrength::kStrong));
  }
  if (rng.Chance(profile.identifier_share[size_t(Schema::kVessel)])) {
    e->identifiers.push_back({.type = IdentifierType::kImo, .type_text = "IMO", .value = Imo(rng)});
  }
}

void SyntheticLists::Impl::MakeAircraft(Rng& rng, Entity* e) const {
  auto tail = [&] {
    return aircraft_prefixes[rng.Below(aircraft_prefixes.size())] + "-" + Letters(rng, 3);
  };
  AddName(e, MakeName(tail(), NameKind::kPrimary, NameStrength::kStrong));
  const size_t k = DrawAliases(rng, Schema::kAircraft);
  for (size_t i = 0; i < k; ++i) {
    AddName(e, MakeName(tail(), NameKind::kFormer, NameStrength::kStrong));
  }
  if (rng.Chance(profile.identifier_share[size_t(Schema::kAircraft)])) {
    e->identifiers.push_back({.type = IdentifierType::kAircraftSerial,
                              .type_text = "Aircraft Manufacturer's Serial Number (MSN)",
                              .value = Digits(rng, 4 + rng.Below(2))});
  }
}

Entity SyntheticLists::Impl::MakeEntity(size_t n, uint64_t seed) const {
  // One stream per entity: entity n is the same whatever N is and however it is generated.
  Rng rng(seed * 0x9E3779B97F4A7C15ull ^ (n + 0x632BE59BD9B4E019ull));
  rng.Next();
  Entity e;
  e.list = "syn";
  e.source_id = std::to_string(n);
  e.id = MakeEntityId(e.list, e.source_id);
  e.schema = static_cast<Schema>(rng.Cumulative(schema_cum));
  switch (e.schema) {
    case Schema::kPerson: MakePerson(rng, &e); break;
    case Schema::kVessel: MakeVessel(rng, &e); break;
    case Schema::kAircraft: MakeAircraft(rng, &e); break;
    default: MakeOrg(rng, &e);
  }
  e.programs.push_back("SYNTHETIC");
  const PartialDate listed = RandomDate(rng, 2001, 25);
  e.listed_on = listed.ToString();
  return e;
}

LoadedList SyntheticLists::Generate(size_t n, uint64_t seed) const {
  LoadedList l;
  l.version.list = "syn";
  l.version.title = StrCat("Synthetic list, ", n, " entities, seed ", seed);
  l.version.format = "synthetic";
  l.version.content_hash =
      "sha256:" + Sha256Hex(StrCat("synthetic/1 n=", n, " seed=", seed, " ", impl_->corpus_hash));
  l.entities.reserve(n);
  for (size_t i = 1; i <= n; ++i) l.entities.push_back(impl_->MakeEntity(i, seed));
  return l;
}

}  // namespace cordon::testing
