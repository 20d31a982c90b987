// Helpers for loaders that build one entity from several records or from
// cells holding several values (UK ConList, UK Sanctions List, EU FSF, UAE).
#ifndef CORDON_LISTS_RECORD_MERGE_H_
#define CORDON_LISTS_RECORD_MERGE_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"

namespace cordon::lists {

// Appends `value` unless an equal value is already there. The lists repeat
// the same date, document or address on many rows of one entry; keeping the
// first occurrence keeps list order.
template <typename T>
void AddUnique(std::vector<T>* values, T value) {
  if (std::find(values->begin(), values->end(), value) == values->end()) {
    values->push_back(std::move(value));
  }
}

// Adds a name unless the entity already has one with the same text and kind.
void AddName(Entity* e, Name name);

// Splits the UK numbered-list convention "(1) Mullah (2) Maulavi" into its
// items ("Mullah", "Maulavi"), trimming spaces and the separators ". , ;"
// that the list puts after items. Text without a leading "(1)" is one item.
// Empty text gives no items.
std::vector<std::string> SplitNumbered(std::string_view text);

// Joins the non-empty (after CleanSpaces) parts with `sep`.
std::string JoinNonEmpty(const std::vector<std::string>& parts, std::string_view sep);

// A BirthDate for a date as the list writes it: parsed by ParseDateText where
// it can be read, and always with the list's own text kept.
BirthDate MakeBirthDate(std::string_view text);

// "dd/mm/yyyy" (or any date ParseDateText reads exactly) as ISO
// "yyyy-mm-dd"; "" when the text holds no single date.
std::string IsoDate(std::string_view text);

// A Name with its script detected and spaces cleaned; an empty `full` stays
// empty (callers skip it).
Name MakeName(std::string_view full, NameKind kind, NameStrength strength,
              std::string_view quality_text, std::string_view language = {});

// Moves the first name of `kind` kPrimary to the front. When an entry has no
// name marked primary, its first name becomes the primary one (the list's
// own label stays in quality_text). No-op for an entity without names.
void PutPrimaryFirst(Entity* e);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_RECORD_MERGE_H_
