// Canada Consolidated Autonomous Sanctions List, XML edition
// (https://www.international.gc.ca/world-monde/assets/office_docs/
// international_relations-relations_internationales/sanctions/sema-lmes.xml).
//
// <data-set> holds flat <record>s. Elements (every one that occurs in the
// 2025-03-20 file): Country, LastName, GivenName, EntityOrShip, TitleOrShip,
// ShipIMONumber, DateOfBirthOrShipBuildDate, Aliases, Schedule, Item,
// DateOfListing.
//
// Decisions:
// - Schema: Person when LastName or GivenName is given; Vessel when
//   ShipIMONumber is given, or TitleOrShip sits next to EntityOrShip (for
//   ships TitleOrShip is the ship type); Organization otherwise.
// - Records have no ID. The source ID is built from the regime, schedule and
//   item, which together are unique in the file: the English part of Country,
//   Schedule (when given) and Item, each lower-cased with runs of anything but
//   ASCII letters and digits turned into one '-': Country "Belarus /
//   Bélarus", Schedule "1, Part 1", Item "8" -> "ca:belarus-1-part-1-8". Two
//   records with the same ID are an error.
// - Country names the sanctions regime (or a thematic one, "Hamas Terrorist
//   Attacks"), not the person's nationality: it becomes the program
//   "SEMA - <English part>". The Justice for Victims of Corrupt Foreign
//   Officials Regulations are made under their own act, so that "Country" is
//   the program as written.
// - Aliases is free text; see SplitAliases.
// - The file states no publication date; version.published is the latest
//   DateOfListing, the newest date the file itself vouches for.
#include <algorithm>
#include <map>

#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"
#include "lists/xml.h"

namespace cordon::lists {
namespace {

constexpr std::string_view kCanadaList = "ca";
constexpr std::string_view kRoot = "data-set";

// Language labels the Aliases text puts before names in other scripts
// ("..., Belarusian: Валянціна Новікава, Russian: Валентина Новикова"). Both
// spellings of Belarusian occur in the list.
constexpr std::string_view kLanguages[] = {"Arabic",    "Belarusian", "Belarussian", "Russian",
                                           "Ukrainian", "Persian",    "Chinese",     "Burmese"};

// Legal-form abbreviations the list writes after a comma ("Северсталь, ПАО",
// "Рембаза, АО"): they belong to the name before them and are not aliases
// (alone, they would match every company of that form).
constexpr std::string_view kLegalForms[] = {"АО",  "ПАО", "ООО",  "ОАО",  "ЗАО",  "АК",
                                            "LLC", "JSC", "OJSC", "PJSC", "CJSC", "FSUE",
                                            "OAO", "OOO", "Ltd",  "Ltd.", "LTD",  "Inc."};

struct CanadaCtx {
  const SourceFile& file;
  const pugi::xml_document& doc;
  absl::Status Error(pugi::xml_node n, std::string_view field, std::string_view reason) const {
    return XmlError(file.path, file.bytes, doc, n, field, reason);
  }
};

std::string Slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      out += l;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// "Belarus / Bélarus" -> "Belarus"; texts without a French part stay whole.
std::string EnglishPart(const std::string& country) {
  const size_t slash = country.find(" / ");
  return CleanSpaces(slash == std::string::npos ? country : country.substr(0, slash));
}

std::string Trim(std::string_view s) {
  const std::string t = CleanSpaces(s);
  const size_t b = t.find_first_not_of(" ,;");
  if (b == std::string::npos) return "";
  return t.substr(b, t.find_last_not_of(" ,;") - b + 1);
}

std::vector<std::string> SplitOn(std::string_view text,
                                 std::initializer_list<std::string_view> seps) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    const auto sep = std::find_if(seps.begin(), seps.end(), [&](std::string_view s) {
      return text.substr(i).starts_with(s);
    });
    if (sep == seps.end()) {
      ++i;
      continue;
    }
    out.push_back(Trim(text.substr(start, i - start)));
    i += sep->size();
    start = i;
  }
  out.push_back(Trim(text.substr(start)));
  return out;
}

size_t WordCount(std::string_view s) { return SplitOn(s, {" "}).size(); }

// " / " and " or " separate whole names ("Анна Пушкарева or Анна Шейман") but
// also alternatives of one word ("Nikolay or Nikolai / Vasilievich or ...");
// only the first kind is split: when every piece has two words or more.
void SplitAlternatives(const std::string& piece, std::vector<std::string>* out) {
  const std::vector<std::string> alts = SplitOn(piece, {" / ", " or "});
  const bool names = alts.size() > 1 && std::all_of(alts.begin(), alts.end(), [](const auto& a) {
                       return WordCount(a) >= 2;
                     });
  if (names) {
    out->insert(out->end(), alts.begin(), alts.end());
  } else {
    out->push_back(piece);
  }
}

struct AliasText {
  std::string name;
  std::string language;
};

// Cuts "<Language>:" or "<Language> :" labels out of a piece; the text after a
// label is a name in that language.
void SplitLanguages(const std::string& piece, std::vector<AliasText>* out) {
  std::string rest = piece, language;
  for (bool found = true; found;) {
    found = false;
    for (std::string_view lang : kLanguages) {
      for (const std::string& label : {StrCat(lang, ":"), StrCat(lang, " :")}) {
        const size_t at = rest.find(label);
        if (at == std::string::npos || (at > 0 && rest[at - 1] != ' ')) continue;
        out->push_back({Trim(rest.substr(0, at)), language});
        language = std::string(lang);
        rest = Trim(rest.substr(at + label.size()));
        found = true;
      }
    }
  }
  out->push_back({rest, language});
}

// Aliases free text -> names. ';' and ',' separate names; " / " and " or "
// separate them when they join whole names; language labels start a name in
// another script; a lone legal form joins the name it follows.
std::vector<AliasText> SplitAliases(std::string_view text) {
  std::vector<std::string> pieces;
  for (const std::string& p : SplitOn(CleanSpaces(text), {";", ","})) SplitAlternatives(p, &pieces);
  std::vector<AliasText> named;
  for (const std::string& p : pieces) SplitLanguages(p, &named);
  std::vector<AliasText> out;
  std::string pending_form;
  for (AliasText& a : named) {
    if (a.name.empty()) continue;
    const bool form =
        std::find(std::begin(kLegalForms), std::end(kLegalForms), a.name) != std::end(kLegalForms);
    if (form && !out.empty()) {
      out.back().name += ", " + a.name;
    } else if (form) {
      pending_form = a.name + ", ";
    } else {
      a.name = pending_form + a.name;
      pending_form.clear();
      out.push_back(std::move(a));
    }
  }
  if (!pending_form.empty()) out.push_back({pending_form.substr(0, pending_form.size() - 2), ""});
  return out;
}

Schema RecordSchema(pugi::xml_node r) {
  if (r.child("LastName") || r.child("GivenName")) return Schema::kPerson;
  if (r.child("ShipIMONumber") || (r.child("EntityOrShip") && r.child("TitleOrShip"))) {
    return Schema::kVessel;
  }
  return Schema::kOrganization;
}

Name PrimaryName(pugi::xml_node r, Schema schema) {
  Name name;
  if (schema == Schema::kPerson) {
    const std::string given = XmlText(r, "GivenName"), last = XmlText(r, "LastName");
    if (!given.empty()) name.parts.push_back({NamePartType::kGiven, given});
    if (!last.empty()) name.parts.push_back({NamePartType::kFamily, last});
    name.full = CleanSpaces(StrCat(given, " ", last));
  } else {
    name.full = XmlText(r, "EntityOrShip");
  }
  name.script = DetectScript(name.full);
  return name;
}

void AddAliases(pugi::xml_node r, Entity* e) {
  for (AliasText& a : SplitAliases(XmlText(r, "Aliases"))) {
    Name n{.full = std::move(a.name), .kind = NameKind::kAlias};
    n.script = DetectScript(n.full);
    n.language = std::move(a.language);
    if (std::find(e->names.begin(), e->names.end(), n) == e->names.end()) {
      e->names.push_back(std::move(n));
    }
  }
}

std::string Program(const std::string& country_en) {
  // See the file comment: JVCFOR is not a SEMA regulation.
  if (country_en.find("Regulations") != std::string::npos) return country_en;
  return StrCat("SEMA - ", country_en);
}

void AddDetails(pugi::xml_node r, Entity* e) {
  const std::string title = XmlText(r, "TitleOrShip");
  if (!title.empty() && e->schema == Schema::kVessel) e->remarks.push_back("Ship type: " + title);
  if (!title.empty() && e->schema != Schema::kVessel) e->titles.push_back(title);
  if (std::string imo = XmlText(r, "ShipIMONumber"); !imo.empty()) {
    e->identifiers.push_back({IdentifierType::kImo, "IMO", std::move(imo), {}, "", "", ""});
  }
  if (std::string dob = XmlText(r, "DateOfBirthOrShipBuildDate"); !dob.empty()) {
    std::vector<BirthDate> dates = ParseDateList(dob);
    // Unreadable text ("born in the early 1960s") is still shown to analysts.
    if (dates.empty()) dates.push_back(BirthDate{});
    for (BirthDate& d : dates) {
      d.text = dob;
      e->birth_dates.push_back(std::move(d));
    }
  }
  e->listed_on = XmlText(r, "DateOfListing");
}

absl::StatusOr<Entity> ParseRecord(const CanadaCtx& ctx, pugi::xml_node r) {
  Entity e;
  e.list = std::string(kCanadaList);
  const std::string country = EnglishPart(XmlText(r, "Country"));
  const std::string item = XmlText(r, "Item");
  if (Slug(country).empty()) return ctx.Error(r, "Country", "missing or empty");
  if (Slug(item).empty()) return ctx.Error(r, "Item", "missing or empty");
  const std::string schedule = XmlText(r, "Schedule");
  e.source_id = Slug(country);
  if (!Slug(schedule).empty()) e.source_id += "-" + Slug(schedule);
  e.source_id += "-" + Slug(item);
  e.id = MakeEntityId(kCanadaList, e.source_id);
  e.schema = RecordSchema(r);
  e.names.push_back(PrimaryName(r, e.schema));
  if (e.names[0].full.empty()) {
    return ctx.Error(r, e.schema == Schema::kPerson ? "LastName" : "EntityOrShip", "no name");
  }
  AddAliases(r, &e);
  e.programs.push_back(Program(country));
  AddDetails(r, &e);
  e.remarks.push_back(schedule.empty() ? StrCat("Item ", item)
                                       : StrCat("Schedule ", schedule, ", item ", item));
  return e;
}

}  // namespace

bool IsCanadaSemaXml(std::string_view head) {
  return XmlRootName(head) == kRoot && head.find("<record>") != std::string_view::npos &&
         head.find("<DateOfListing>") != std::string_view::npos;
}

absl::StatusOr<LoadedList> LoadCanadaSemaXml(const SourceFile& f, const LoadOptions& o) {
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(f.path, f.bytes, o, &doc); !s.ok()) return s;
  const CanadaCtx ctx{f, doc};
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != kRoot) {
    return ctx.Error(root, root.name(), StrCat("root element is not ", kRoot));
  }
  LoadedList out;
  out.version = {std::string(kCanadaList), "Canada Consolidated Autonomous Sanctions List (SEMA)",
                 std::string(ListFormatName(ListFormat::kCanadaSemaXml))};
  std::map<std::string, pugi::xml_node> seen;
  for (pugi::xml_node r = root.first_child(); r; r = r.next_sibling()) {
    if (r.type() != pugi::node_element) continue;
    if (std::string_view(r.name()) != "record") {
      return ctx.Error(r, r.name(), "unexpected element in data-set");
    }
    auto e = ParseRecord(ctx, r);
    if (e.ok()) {
      if (auto [it, fresh] = seen.emplace(e->id, r); !fresh) {
        e = ctx.Error(r, "Item",
                      StrCat("same Country, Schedule and Item as the record at line ",
                             XmlLine(f.bytes, doc, it->second), " (ID ", e->id, ")"));
      }
    }
    if (!e.ok()) {
      SkipRecord(e.status(), f.path, XmlPath(r), &out);
      continue;
    }
    out.version.published = std::max(out.version.published, e->listed_on);
    out.entities.push_back(std::move(*e));
  }
  return out;
}

}  // namespace cordon::lists
