#include "validate/jaro_winkler_screener.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace cordon::validate {
namespace {

// Winkler's constants: prefix scale 0.1, at most 4 prefix characters.
constexpr double kPrefixScale = 0.1;
constexpr size_t kMaxPrefix = 4;

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1;
  if (a.empty() || b.empty()) return 0;
  const size_t window = std::max(a.size(), b.size()) / 2 - (std::max(a.size(), b.size()) >= 2);
  std::vector<char> used_b(b.size(), 0);
  std::vector<size_t> match_a;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (!used_b[j] && a[i] == b[j]) {
        used_b[j] = 1;
        match_a.push_back(i);
        break;
      }
    }
  }
  const double m = static_cast<double>(match_a.size());
  if (m == 0) return 0;
  size_t k = 0, transpositions = 0;
  for (size_t i : match_a) {
    while (!used_b[k]) ++k;
    transpositions += a[i] != b[k];
    ++k;
  }
  const double t = static_cast<double>(transpositions) / 2;
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + (m - t) / m) / 3;
}

// Upper bound of JaroWinkler for strings of these lengths: all of the shorter matched, no
// transpositions, full prefix bonus. Lets BestScore skip names that cannot beat the best so far.
double UpperBound(size_t la, size_t lb) {
  if (la == 0 || lb == 0) return la == lb ? 1 : 0;
  const double m = static_cast<double>(std::min(la, lb));
  const double jaro = (m / static_cast<double>(la) + m / static_cast<double>(lb) + 1) / 3;
  return jaro + static_cast<double>(kMaxPrefix) * kPrefixScale * (1 - jaro);
}

std::string Transliterate(std::string_view name) {
  static std::once_flag once;
  static std::unique_ptr<icu::Transliterator> tr;
  static std::mutex mu;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD,
                                                 status));
    if (U_FAILURE(status)) tr.reset();
  });
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  if (tr) {
    std::lock_guard<std::mutex> lock(mu);  // a Transliterator is not thread-safe
    tr->transliterate(u);
  } else {
    u.toLower();
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = Jaro(a, b);
  size_t prefix = 0;
  while (prefix < std::min({a.size(), b.size(), kMaxPrefix}) && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * kPrefixScale * (1 - jaro);
}

std::string JaroWinklerScreener::Normalize(std::string_view name) {
  const std::string latin = Transliterate(name);
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : latin) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    if (keep) {
      cur += c;
    } else if (!cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  std::sort(tokens.begin(), tokens.end());
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

JaroWinklerScreener::JaroWinklerScreener(const std::vector<LoadedList>& lists) {
  for (const LoadedList& list : lists) {
    for (const Entity& e : list.entities) {
      const size_t idx = entity_ids_.size();
      entity_ids_.push_back(e.id);
      std::vector<size_t>& mine = names_of_[e.id];
      for (const Name& n : e.names) {
        mine.push_back(names_.size());
        names_.push_back({Normalize(n.full), idx});
      }
    }
  }
}

double JaroWinklerScreener::ScoreAgainst(std::string_view name, std::string_view entity_id) const {
  auto it = names_of_.find(std::string(entity_id));
  if (it == names_of_.end()) return 0;
  const std::string q = Normalize(name);
  double best = 0;
  for (size_t i : it->second) best = std::max(best, JaroWinkler(q, names_[i].normalized));
  return best;
}

double JaroWinklerScreener::BestScore(std::string_view name, std::string* entity_id) const {
  const std::string q = Normalize(name);
  double best = 0;
  size_t best_entity = 0;
  for (const Entry& e : names_) {
    if (UpperBound(q.size(), e.normalized.size()) <= best) continue;
    const double s = JaroWinkler(q, e.normalized);
    if (s > best) {
      best = s;
      best_entity = e.entity;
    }
  }
  if (entity_id != nullptr) *entity_id = best > 0 ? entity_ids_[best_entity] : "";
  return best;
}

}  // namespace cordon::validate
