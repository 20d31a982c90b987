#include "lists/diff.h"

#include <algorithm>
#include <functional>
#include <map>
#include <utility>

#include "core/strcat.h"

namespace cordon::lists {
namespace {

using Labeled = std::vector<std::pair<std::string_view, std::string>>;

// "head (label: value; label: value)" with the empty values left out; a label
// of "" shows the value alone.
std::string WithDetails(std::string head, const Labeled& details) {
  std::string tail;
  for (const auto& [label, value] : details) {
    if (value.empty()) continue;
    if (!tail.empty()) tail += "; ";
    tail += label.empty() ? value : StrCat(label, ": ", value);
  }
  if (tail.empty()) return head;
  return head.empty() ? StrCat("(", tail, ")") : StrCat(head, " (", tail, ")");
}

std::string PartTypeName(NamePartType t) {
  switch (t) {
    case NamePartType::kGiven: return "given";
    case NamePartType::kMiddle: return "middle";
    case NamePartType::kFamily: return "family";
    case NamePartType::kPatronymic: return "patronymic";
    case NamePartType::kMatronymic: return "matronymic";
    case NamePartType::kTribal: return "tribal";
    case NamePartType::kOther: break;
  }
  return "other";
}

// Multiset difference of `a` minus `b`, keeping a's order.
std::vector<std::string> Minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::map<std::string_view, int> left;
  for (const std::string& s : b) ++left[s];
  std::vector<std::string> out;
  for (const std::string& s : a) {
    auto it = left.find(s);
    if (it != left.end() && it->second > 0) {
      --it->second;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

template <typename T>
std::vector<std::string> Render(const std::vector<T>& values,
                                const std::function<std::string(const T&)>& describe) {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (const T& v : values) out.push_back(describe(v));
  return out;
}

void CompareRendered(std::string_view field, const std::vector<std::string>& old_values,
                     const std::vector<std::string>& new_values, std::vector<FieldChange>* out) {
  if (old_values == new_values) return;
  FieldChange c{std::string(field), Minus(old_values, new_values), Minus(new_values, old_values)};
  c.reordered = c.removed.empty() && c.added.empty();
  out->push_back(std::move(c));
}

template <typename T>
void CompareMany(std::string_view field, const std::vector<T>& a, const std::vector<T>& b,
                 const std::function<std::string(const T&)>& describe,
                 std::vector<FieldChange>* out) {
  if (a == b) return;
  CompareRendered(field, Render(a, describe), Render(b, describe), out);
}

void CompareOne(std::string_view field, const std::string& a, const std::string& b,
                std::vector<FieldChange>* out) {
  if (a == b) return;
  FieldChange c{std::string(field), {}, {}};
  if (!a.empty()) c.removed.push_back(a);
  if (!b.empty()) c.added.push_back(b);
  out->push_back(std::move(c));
}

std::string Same(const std::string& s) { return s; }

EntityRef RefOf(const Entity& e) {
  const Name* n = e.primary_name();
  return {e.id, n ? n->full : "", e.schema};
}

}  // namespace

std::string DescribeName(const Name& n) {
  std::string parts;
  for (const NamePart& p : n.parts) {
    if (!parts.empty()) parts += ", ";
    parts += StrCat(PartTypeName(p.type), "=", p.value);
  }
  return WithDetails(n.full,
                     {{"", StrCat(NameKindName(n.kind), ", ", NameStrengthName(n.strength))},
                      {"quality", n.quality_text},
                      {"script", n.script},
                      {"language", n.language},
                      {"parts", parts}});
}

std::string DescribeBirthDate(const BirthDate& b) {
  std::string head = b.from.ToString();
  if (b.to != b.from) head += StrCat(" to ", b.to.ToString());
  if (b.circa) head = "circa " + head;
  return WithDetails(head, {{"text", b.text}});
}

std::string DescribeCountry(const Country& c) {
  return c.code.empty() ? c.text : StrCat(c.text, " [", c.code, "]");
}

std::string DescribePlace(const Place& p) {
  return WithDetails(
      p.text, {{"city", p.city}, {"region", p.region}, {"country", DescribeCountry(p.country)}});
}

std::string DescribeAddress(const Address& a) {
  return WithDetails(a.full, {{"street", a.street},
                              {"city", a.city},
                              {"region", a.region},
                              {"postal code", a.postal_code},
                              {"country", DescribeCountry(a.country)},
                              {"note", a.note}});
}

std::string DescribeIdentifier(const Identifier& i) {
  return WithDetails(
      StrCat(i.type_text.empty() ? IdentifierTypeName(i.type) : i.type_text, " ", i.value),
      {{"type", std::string(IdentifierTypeName(i.type))},
       {"country", DescribeCountry(i.country)},
       {"issued", i.issued},
       {"expires", i.expires},
       {"note", i.note}});
}

std::vector<FieldChange> DiffEntities(const Entity& a, const Entity& b) {
  std::vector<FieldChange> out;
  if (a == b) return out;
  CompareOne("list", a.list, b.list, &out);
  CompareOne("source_id", a.source_id, b.source_id, &out);
  CompareOne("schema", std::string(SchemaName(a.schema)), std::string(SchemaName(b.schema)), &out);
  CompareMany<Name>("names", a.names, b.names, DescribeName, &out);
  CompareMany<std::string>("titles", a.titles, b.titles, Same, &out);
  CompareMany<std::string>("designations", a.designations, b.designations, Same, &out);
  CompareOne("gender", std::string(GenderName(a.gender)), std::string(GenderName(b.gender)), &out);
  CompareMany<BirthDate>("birth_dates", a.birth_dates, b.birth_dates, DescribeBirthDate, &out);
  CompareMany<Place>("birth_places", a.birth_places, b.birth_places, DescribePlace, &out);
  CompareMany<Country>("nationalities", a.nationalities, b.nationalities, DescribeCountry, &out);
  CompareMany<Country>("citizenships", a.citizenships, b.citizenships, DescribeCountry, &out);
  CompareMany<Address>("addresses", a.addresses, b.addresses, DescribeAddress, &out);
  CompareMany<Identifier>("identifiers", a.identifiers, b.identifiers, DescribeIdentifier, &out);
  CompareMany<std::string>("programs", a.programs, b.programs, Same, &out);
  CompareOne("listed_on", a.listed_on, b.listed_on, &out);
  CompareOne("last_updated", a.last_updated, b.last_updated, &out);
  CompareMany<std::string>("remarks", a.remarks, b.remarks, Same, &out);
  return out;
}

ListDiff DiffLists(const LoadedList& old_list, const LoadedList& new_list) {
  ListDiff d;
  d.old_version = old_list.version;
  d.new_version = new_list.version;
  std::map<std::string_view, const Entity*> old_by_id;
  for (const Entity& e : old_list.entities) old_by_id.emplace(e.id, &e);
  std::map<std::string_view, const Entity*> new_by_id;
  for (const Entity& e : new_list.entities) new_by_id.emplace(e.id, &e);
  for (const auto& [id, e] : new_by_id) {
    auto it = old_by_id.find(id);
    if (it == old_by_id.end()) {
      d.added.push_back(RefOf(*e));
      continue;
    }
    std::vector<FieldChange> fields = DiffEntities(*it->second, *e);
    if (fields.empty()) {
      ++d.unchanged;
    } else {
      d.changed.push_back({e->id, RefOf(*e).name, std::move(fields)});
    }
  }
  for (const auto& [id, e] : old_by_id) {
    if (!new_by_id.count(id)) d.removed.push_back(RefOf(*e));
  }
  return d;
}

namespace {

using nlohmann::json;

// Lists by "code: title" (see ListSetDiff).
absl::StatusOr<std::map<std::string, const LoadedList*>> ByKey(const std::vector<LoadedList>& lists,
                                                               const std::string& side) {
  std::map<std::string, const LoadedList*> out;
  for (const LoadedList& l : lists) {
    const std::string key = StrCat(l.version.list, ": ", l.version.title);
    if (!out.emplace(key, &l).second) {
      return absl::InvalidArgumentError(
          StrCat(side, " holds the list '", key, "' twice; pass one copy per side"));
    }
  }
  return out;
}

json RefJson(const EntityRef& r) {
  return {{"id", r.id}, {"name", r.name}, {"schema", SchemaName(r.schema)}};
}

}  // namespace

absl::StatusOr<ListSetDiff> DiffListSets(const std::vector<LoadedList>& old_lists,
                                         const std::vector<LoadedList>& new_lists,
                                         const std::string& old_label,
                                         const std::string& new_label) {
  auto old_by = ByKey(old_lists, old_label);
  if (!old_by.ok()) return old_by.status();
  auto new_by = ByKey(new_lists, new_label);
  if (!new_by.ok()) return new_by.status();
  ListSetDiff out;
  for (const auto& [key, l] : *old_by) {
    auto it = new_by->find(key);
    if (it == new_by->end()) {
      out.only_in_old.push_back(key);
    } else {
      out.lists.push_back(DiffLists(*l, *it->second));
    }
  }
  for (const auto& [key, l] : *new_by) {
    if (!old_by->count(key)) out.only_in_new.push_back(key);
  }
  return out;
}

json ListVersionToJson(const ListVersion& v) {
  return {{"list", v.list},
          {"title", v.title},
          {"format", v.format},
          {"published", v.published},
          {"content_hash", v.content_hash},
          {"files", v.files}};
}

json ListDiffToJson(const ListDiff& d) {
  json j = {{"list", d.new_version.list},
            {"old", ListVersionToJson(d.old_version)},
            {"new", ListVersionToJson(d.new_version)},
            {"counts",
             {{"added", d.added.size()},
              {"removed", d.removed.size()},
              {"changed", d.changed.size()},
              {"unchanged", d.unchanged}}},
            {"added", json::array()},
            {"removed", json::array()},
            {"changed", json::array()}};
  for (const auto& r : d.added) j["added"].push_back(RefJson(r));
  for (const auto& r : d.removed) j["removed"].push_back(RefJson(r));
  for (const auto& c : d.changed) {
    json fields = json::array();
    for (const auto& f : c.fields) {
      fields.push_back({{"field", f.field},
                        {"removed", f.removed},
                        {"added", f.added},
                        {"reordered", f.reordered}});
    }
    j["changed"].push_back({{"id", c.id}, {"name", c.name}, {"fields", fields}});
  }
  return j;
}

json ListSetDiffToJson(const ListSetDiff& d) {
  json out = {
      {"lists", json::array()}, {"only_in_old", d.only_in_old}, {"only_in_new", d.only_in_new}};
  for (const ListDiff& l : d.lists) out["lists"].push_back(ListDiffToJson(l));
  return out;
}

}  // namespace cordon::lists
