// Differences between two versions of one list: which entries were added,
// removed or changed, and for a changed entry which values of which fields.
//
// Example:
//   auto old_list = cordon::LoadLists({"un_2025-08-02.xml"});
//   auto new_list = cordon::LoadLists({"un_2026-02-27.xml"});
//   cordon::lists::ListDiff d = cordon::lists::DiffLists((*old_list)[0], (*new_list)[0]);
//   for (const auto& c : d.changed) { ... c.id, c.fields[i].added ... }
//
// Entries are matched by Entity::id. Multi-valued fields (names, dates of
// birth, addresses, ...) are compared as multisets of values, each value
// rendered as one line of text that includes every sub-field, so any change
// that makes two entities unequal (Entity::operator==) shows up as an added
// and/or removed value, or as a reordering.
//
// Thread safety: pure functions of their arguments.
#ifndef CORDON_LISTS_DIFF_H_
#define CORDON_LISTS_DIFF_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon::lists {

// How one field of an entity changed.
struct FieldChange {
  std::string field;                 // "names", "birth_dates", "schema", ... (Entity member)
  std::vector<std::string> removed;  // values only in the old entity, in old order
  std::vector<std::string> added;    // values only in the new entity, in new order
  // True when the same values appear in another order (names[0] is the
  // primary name, so order can matter).
  bool reordered = false;
};

struct EntityChange {
  std::string id;
  std::string name;  // primary name in the new version
  std::vector<FieldChange> fields;
};

// An entry present in only one version.
struct EntityRef {
  std::string id;
  std::string name;  // primary name
  Schema schema = Schema::kLegalEntity;
};

struct ListDiff {
  ListVersion old_version;
  ListVersion new_version;
  std::vector<EntityRef> added;       // sorted by id
  std::vector<EntityRef> removed;     // sorted by id
  std::vector<EntityChange> changed;  // sorted by id
  size_t unchanged = 0;
};

ListDiff DiffLists(const LoadedList& old_list, const LoadedList& new_list);

// Two sets of lists compared list by list, a list known by its code and title ("ofac: OFAC SDN
// List": two lists may share a code, and the loaders set the title, so it is stable across
// versions): `cordon lists diff` and the service's GET /v1/lists/diff.
struct ListSetDiff {
  std::vector<ListDiff> lists;           // the lists on both sides, by code and title
  std::vector<std::string> only_in_old;  // "code: title" of the lists on one side only
  std::vector<std::string> only_in_new;
};
// kInvalidArgument when one side holds a list twice (naming `old_label` or `new_label`).
absl::StatusOr<ListSetDiff> DiffListSets(const std::vector<LoadedList>& old_lists,
                                         const std::vector<LoadedList>& new_lists,
                                         const std::string& old_label,
                                         const std::string& new_label);

// JSON of a diff, as `cordon lists diff --format json` writes it: {"list", "old", "new" (the
// versions), "counts": {added, removed, changed, unchanged}, "added"/"removed": [{id, name,
// schema}], "changed": [{id, name, fields: [{field, removed, added, reordered}]}]}; a set diff
// is {"lists": [...], "only_in_old": [...], "only_in_new": [...]}.
nlohmann::json ListVersionToJson(const ListVersion& v);
nlohmann::json ListDiffToJson(const ListDiff& d);
nlohmann::json ListSetDiffToJson(const ListSetDiff& d);

// The field changes between two versions of one entity (empty when equal).
std::vector<FieldChange> DiffEntities(const Entity& old_entity, const Entity& new_entity);

// One-line renderings used in diffs (and by anything that shows a value with
// all its sub-fields): "BASHAR AL-NASIRI (aka, strong; quality: Good; script: Latn)".
std::string DescribeName(const Name& n);
std::string DescribeBirthDate(const BirthDate& b);
std::string DescribeCountry(const Country& c);
std::string DescribePlace(const Place& p);
std::string DescribeAddress(const Address& a);
std::string DescribeIdentifier(const Identifier& i);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_DIFF_H_
