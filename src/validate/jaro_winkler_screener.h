// A plain Jaro-Winkler name screener: the baseline `cordon validate` compares cordon against.
//
// Deliberately simple, like the screeners many institutions run: every name is transliterated to
// Latin (ICU Any-Latin; Latin-ASCII), lower-cased, split on anything that is not a letter or
// digit, and its tokens sorted and joined by one space; the score of a query against an entity is
// the best whole-string Jaro-Winkler similarity over the entity's names. No variant knowledge, no
// token statistics, no attribute evidence. Brute force over every list name.
//
// Example:
//   cordon::validate::JaroWinklerScreener jw(lists);
//   double s = jw.BestScore("Usama bin Ladin");  // best over all entities
//
// Thread safety: immutable after construction; the methods may be called from many threads.
#ifndef CORDON_VALIDATE_JARO_WINKLER_SCREENER_H_
#define CORDON_VALIDATE_JARO_WINKLER_SCREENER_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cordon/entity.h"

namespace cordon::validate {

// Jaro-Winkler similarity of two byte strings in [0,1], with the standard prefix scale 0.1 over
// at most 4 common leading characters (Winkler 1990).
double JaroWinkler(std::string_view a, std::string_view b);

class JaroWinklerScreener {
 public:
  explicit JaroWinklerScreener(const std::vector<LoadedList>& lists);

  // The normalised form described above.
  static std::string Normalize(std::string_view name);

  // Best score of `name` against the names of entity `entity_id`; 0 for an unknown ID.
  double ScoreAgainst(std::string_view name, std::string_view entity_id) const;
  // Best score of `name` against every list name, and the entity that has it.
  double BestScore(std::string_view name, std::string* entity_id = nullptr) const;
  size_t names() const { return names_.size(); }

 private:
  struct Entry {
    std::string normalized;
    size_t entity;  // index into entity_ids_
  };
  std::vector<Entry> names_;
  std::vector<std::string> entity_ids_;
  std::unordered_map<std::string, std::vector<size_t>> names_of_;  // entity id -> names_ indexes
};

}  // namespace cordon::validate

#endif  // CORDON_VALIDATE_JARO_WINKLER_SCREENER_H_
