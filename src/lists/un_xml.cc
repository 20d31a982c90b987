// UN Security Council Consolidated List, XML edition
// (https://scsanctions.un.org/resources/xml/en/consolidated.xml, schema
// https://www.un.org/sc/resources/sc-sanctions.xsd).
//
// <CONSOLIDATED_LIST dateGenerated=...> holds <INDIVIDUALS><INDIVIDUAL> and
// <ENTITIES><ENTITY>. Every entry has a REFERENCE_NUMBER ("QDi.431"), which is
// the source ID. Field mapping (checked against the 2025-08-02 and 2026-02-27
// files, every element name that occurs in them):
//   FIRST_NAME..FOURTH_NAME  primary name (joined) with name parts
//   NAME_ORIGINAL_SCRIPT     extra strong alias, script detected
//   *_ALIAS QUALITY          Good/a.k.a. -> strong, Low -> weak, f.k.a. -> former
//   *_ALIAS DATE_OF_BIRTH, CITY_OF_BIRTH, COUNTRY_OF_BIRTH
//                            dates and places of birth used with that alias
//   *_ALIAS NOTE             remark "Alias <name>: <note>"
//   TITLE, DESIGNATION       titles, designations; GENDER; NATIONALITY
//   INDIVIDUAL_DATE_OF_BIRTH structured (TYPE_OF_DATE EXACT/APPROXIMATELY/
//                            BETWEEN with DATE, YEAR or FROM_YEAR/TO_YEAR)
//                            or free text in NOTE
//   *_ADDRESS, INDIVIDUAL_PLACE_OF_BIRTH, INDIVIDUAL_DOCUMENT
//   UN_LIST_TYPE -> programs; LISTED_ON; LAST_DAY_UPDATED (latest VALUE);
//   COMMENTS1 -> remarks (and any "IMO number: NNNNNNN" in it -> identifier).
// Ignored: DATAID and VERSIONNUM (internal record versioning), LIST_TYPE
// (always "UN List"), SORT_KEY and SORT_KEY_LAST_MOD (always empty).
// The UN list names no vessels as entries, so every ENTITY is an Organization.
#include <algorithm>
#include <optional>
#include <set>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"
#include "lists/loaders.h"
#include "lists/xml.h"

namespace cordon::lists {
namespace {

constexpr std::string_view kUnList = "un";
constexpr std::string_view kRoot = "CONSOLIDATED_LIST";

// A birth year read from free text is accepted only from this year on: the
// oldest structured date of birth on the list is 1923, and the NOTE field also
// holds dates in other calendars ("24/06/1402 (Hijri Calendar)") that would
// otherwise read as Gregorian year 1402.
constexpr int kMinBirthYear = 1900;

// What a loader needs to report an error at a node.
struct UnCtx {
  const SourceFile& file;
  const pugi::xml_document& doc;
  absl::Status Error(pugi::xml_node n, std::string_view field, std::string_view reason) const {
    return XmlError(file.path, file.bytes, doc, n, field, reason);
  }
};

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The UN writes structured dates as "YYYY" or "YYYY-MM-DD" (LISTED_ON also
// with a time-zone suffix, "2015-07-01-04:00", which is dropped).
std::optional<PartialDate> ParseUnDate(std::string_view s) {
  if (s.size() == 4 && AllDigits(s)) return PartialDate{static_cast<int16_t>(ToInt(s)), 0, 0};
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const std::string_view y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  if (s.size() > 10 && s[10] != '-' && s[10] != '+' && s[10] != 'T' && s[10] != 'Z') {
    return std::nullopt;
  }
  const int year = ToInt(y), month = ToInt(m), day = ToInt(d);
  if (year == 0 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return PartialDate{static_cast<int16_t>(year), static_cast<int8_t>(month),
                     static_cast<int8_t>(day)};
}

// ISO day of a structured date field, or its text as given if it is not one.
std::string IsoDay(const std::string& text) {
  const auto d = ParseUnDate(text);
  return d ? d->ToString() : text;
}

std::string JoinNonEmpty(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// Texts of the VALUE children of `node`'s child `child` (TITLE, NATIONALITY...).
std::vector<std::string> Values(pugi::xml_node node, const char* child) {
  std::vector<std::string> out;
  for (pugi::xml_node c : node.children(child)) {
    for (pugi::xml_node v : c.children("VALUE")) {
      std::string t = XmlText(v);
      if (!t.empty()) out.push_back(std::move(t));
    }
  }
  return out;
}

Name PrimaryName(pugi::xml_node n, Schema schema) {
  static constexpr std::pair<const char*, NamePartType> kParts[] = {
      {"FIRST_NAME", NamePartType::kGiven},
      {"SECOND_NAME", NamePartType::kMiddle},
      {"THIRD_NAME", NamePartType::kOther},
      {"FOURTH_NAME", NamePartType::kOther},
  };
  Name name;
  std::vector<std::string> texts;
  for (const auto& [tag, type] : kParts) {
    std::string t = XmlText(n, tag);
    if (t.empty()) continue;
    texts.push_back(t);
    // An organisation's name is one string; parts mean nothing there.
    if (schema == Schema::kPerson) name.parts.push_back({type, std::move(t)});
  }
  name.full = JoinNonEmpty(texts, " ");
  name.script = DetectScript(name.full);
  return name;
}

void SetQuality(const std::string& quality, Name* name) {
  name->quality_text = quality;
  if (quality == "Low") name->strength = NameStrength::kWeak;
  if (quality == "f.k.a.") name->kind = NameKind::kFormer;
  if (quality == "n.k.a.") name->kind = NameKind::kNew;
}

void AddBirthDate(BirthDate d, Entity* e) {
  if (std::find(e->birth_dates.begin(), e->birth_dates.end(), d) == e->birth_dates.end()) {
    e->birth_dates.push_back(std::move(d));
  }
}

void AddBirthPlace(Place p, Entity* e) {
  if (std::find(e->birth_places.begin(), e->birth_places.end(), p) == e->birth_places.end()) {
    e->birth_places.push_back(std::move(p));
  }
}

Place MakePlace(const std::string& street, std::string city, std::string region,
                const std::string& country, const std::string& note) {
  Place p;
  p.text = JoinNonEmpty({street, city, region, country}, ", ");
  if (!note.empty()) p.text = p.text.empty() ? note : StrCat(p.text, " (", note, ")");
  p.city = std::move(city);
  p.region = std::move(region);
  if (!country.empty()) p.country = MakeCountry(country);
  return p;
}

// Birth date and place the list gives with one alias: they belong to the
// person (who used that identity), so they join the entity's own.
absl::Status AddAliasBirth(const UnCtx& ctx, pugi::xml_node a, Entity* e) {
  const std::string date = XmlText(a, "DATE_OF_BIRTH");
  if (!date.empty()) {
    const auto d = ParseUnDate(date);
    if (!d) return ctx.Error(a.child("DATE_OF_BIRTH"), "DATE_OF_BIRTH", "not a date: " + date);
    AddBirthDate(BirthDate{*d, *d, false, ""}, e);
  }
  std::string city = XmlText(a, "CITY_OF_BIRTH"), country = XmlText(a, "COUNTRY_OF_BIRTH");
  if (!city.empty() || !country.empty()) {
    AddBirthPlace(MakePlace("", std::move(city), "", country, ""), e);
  }
  return absl::OkStatus();
}

constexpr std::string_view kOriginalScript = "original script:";

std::string_view TrimView(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == ';')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == ';')) t.remove_suffix(1);
  return t;
}

// The UN writes some aliases as one text holding the same name in two scripts
// or several spellings: "حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)",
// "Jin Tiesan (金铁三)", "Amir Khazmat (original script: Амир Хазмат)". A
// trailing parenthesis is another form of the name when it is marked
// "original script:" or is written in another script than the text before it;
// then each ';'-separated part is a name of its own. Any other parenthesis
// ("(birth name)", "(COMBAT NAME)", "(false identity ...)") is a note about
// the alias, not part of it, and goes to *note.
std::vector<std::string> SplitAliasText(const std::string& text, std::string* note) {
  const size_t open = text.rfind(" (");
  if (open == std::string::npos || text.back() != ')') return {text};
  const std::string outer(TrimView(std::string_view(text).substr(0, open)));
  std::string_view inner = std::string_view(text).substr(open + 2);
  inner.remove_suffix(1);
  inner = TrimView(inner);
  bool other_form = false;
  if (inner.starts_with(kOriginalScript)) {
    inner = TrimView(inner.substr(kOriginalScript.size()));
    other_form = true;
  }
  const std::string outer_script = DetectScript(outer), inner_script = DetectScript(inner);
  other_form = other_form ||
               (!outer_script.empty() && !inner_script.empty() && outer_script != inner_script);
  if (outer.empty() || inner.empty()) return {text};
  if (!other_form) {
    *note = std::string(inner);
    return {outer};
  }
  std::vector<std::string> out = {outer};
  size_t start = 0;
  while (start <= inner.size()) {
    const size_t end = std::min(inner.find(';', start), inner.size());
    const std::string_view part = TrimView(inner.substr(start, end - start));
    if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end()) {
      out.emplace_back(part);
    }
    start = end + 1;
  }
  return out;
}

absl::Status AddAlias(const UnCtx& ctx, pugi::xml_node a, Entity* e) {
  const std::string text = XmlText(a, "ALIAS_NAME");
  // The list writes an empty <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/> for
  // entries without aliases; that is not a name.
  if (text.empty()) return absl::OkStatus();
  std::string paren_note;
  std::vector<std::string> forms = SplitAliasText(text, &paren_note);
  // A NOTE "original script: Абу Банат" gives the alias in its own script.
  const std::string note = XmlText(a, "NOTE");
  if (std::string_view(note).starts_with(kOriginalScript)) {
    forms.emplace_back(TrimView(std::string_view(note).substr(kOriginalScript.size())));
  }
  if (!paren_note.empty()) e->remarks.push_back(StrCat("Alias ", forms[0], ": ", paren_note));
  for (std::string& form : forms) {
    Name name;
    name.full = std::move(form);
    name.kind = NameKind::kAlias;
    SetQuality(XmlText(a, "QUALITY"), &name);
    name.script = DetectScript(name.full);
    e->names.push_back(std::move(name));
  }
  if (!note.empty()) e->remarks.push_back(StrCat("Alias ", text, ": ", note));
  return AddAliasBirth(ctx, a, e);
}

absl::StatusOr<PartialDate> YearField(const UnCtx& ctx, pugi::xml_node d, const char* tag) {
  const std::string t = XmlText(d, tag);
  const auto v = ParseUnDate(t);
  if (!v || v->month != 0) return ctx.Error(d.child(tag), tag, "not a year: " + t);
  return *v;
}

// Structured part of INDIVIDUAL_DATE_OF_BIRTH; nullopt when it has none.
absl::StatusOr<std::optional<BirthDate>> StructuredDob(const UnCtx& ctx, pugi::xml_node d) {
  BirthDate b;
  if (d.child("DATE") || d.child("YEAR")) {
    const char* tag = d.child("DATE") ? "DATE" : "YEAR";
    const std::string t = XmlText(d, tag);
    const auto v = ParseUnDate(t);
    if (!v) return ctx.Error(d.child(tag), tag, "not a date: " + t);
    b.from = b.to = *v;
    return b;
  }
  if (d.child("FROM_YEAR") || d.child("TO_YEAR")) {
    auto from = YearField(ctx, d, "FROM_YEAR");
    if (!from.ok()) return from.status();
    auto to = YearField(ctx, d, "TO_YEAR");
    if (!to.ok()) return to.status();
    if (*to < *from) return ctx.Error(d, "TO_YEAR", "range ends before it starts");
    b.from = *from;
    b.to = *to;
    return b;
  }
  return std::optional<BirthDate>();
}

// INDIVIDUAL_DATE_OF_BIRTH -> BirthDate; nullopt for the empty element the
// list writes when no date is known.
absl::StatusOr<std::optional<BirthDate>> ParseDob(const UnCtx& ctx, pugi::xml_node d) {
  auto structured = StructuredDob(ctx, d);
  if (!structured.ok()) return structured.status();
  const std::string type = XmlText(d, "TYPE_OF_DATE");
  const std::string note = XmlText(d, "NOTE");
  std::optional<BirthDate> b = std::move(*structured);
  if (!b && note.empty()) return b;
  if (!b) {
    // Only free text ("Nov. 1973"); keep it even when it holds no date we can
    // read ("30-35 years old"), so the analyst still sees it.
    b = ParseDateText(note).value_or(BirthDate{});
    if (!b->from.empty() && b->from.year < kMinBirthYear) b = BirthDate{};
  }
  b->text = note;
  if (type == "APPROXIMATELY" || AsciiLower(note) == "approximately") b->circa = true;
  return b;
}

absl::Status AddDobs(const UnCtx& ctx, pugi::xml_node n, Entity* e) {
  for (pugi::xml_node d : n.children("INDIVIDUAL_DATE_OF_BIRTH")) {
    auto b = ParseDob(ctx, d);
    if (!b.ok()) return b.status();
    if (*b) AddBirthDate(std::move(**b), e);
  }
  return absl::OkStatus();
}

void AddPlacesOfBirth(pugi::xml_node n, Entity* e) {
  for (pugi::xml_node p : n.children("INDIVIDUAL_PLACE_OF_BIRTH")) {
    Place place = MakePlace(XmlText(p, "STREET"), XmlText(p, "CITY"), XmlText(p, "STATE_PROVINCE"),
                            XmlText(p, "COUNTRY"), XmlText(p, "NOTE"));
    if (!place.text.empty()) AddBirthPlace(std::move(place), e);
  }
}

void AddUnAddresses(pugi::xml_node n, const char* tag, Entity* e) {
  for (pugi::xml_node x : n.children(tag)) {
    Address a;
    a.street = XmlText(x, "STREET");
    a.city = XmlText(x, "CITY");
    a.region = XmlText(x, "STATE_PROVINCE");
    a.postal_code = XmlText(x, "ZIP_CODE");
    const std::string country = XmlText(x, "COUNTRY");
    if (!country.empty()) a.country = MakeCountry(country);
    a.note = XmlText(x, "NOTE");
    a.full = JoinNonEmpty({a.street, a.city, a.region, a.postal_code, country}, ", ");
    if (a.full.empty()) a.full = a.note;
    if (!a.full.empty()) e->addresses.push_back(std::move(a));
  }
}

IdentifierType DocumentType(std::string_view type) {
  // TYPE_OF_DOCUMENT is "Passport" or "National Identification Number", in a
  // few French/Spanish entries "Numéro de passeport"/"Número de pasaporte".
  const std::string t = AsciiLower(type);
  if (t.find("passport") != std::string::npos || t.find("passeport") != std::string::npos ||
      t.find("pasaporte") != std::string::npos) {
    return IdentifierType::kPassport;
  }
  if (t == "national identification number") return IdentifierType::kNationalId;
  return IdentifierType::kOther;
}

// TYPE_OF_DOCUMENT2 refines the type ("FARDC ID", "Birth certificate"); the
// label keeps both unless they say the same.
std::string DocumentLabel(const std::string& type, std::string type2) {
  while (!type2.empty() && (type2.back() == ':' || type2.back() == ' ')) type2.pop_back();
  if (type2.empty() || AsciiLower(type2) == AsciiLower(type)) return type;
  return type.empty() ? type2 : StrCat(type, " (", type2, ")");
}

void AddDocument(pugi::xml_node d, Entity* e) {
  Identifier id;
  const std::string type = XmlText(d, "TYPE_OF_DOCUMENT");
  id.type = DocumentType(type);
  id.type_text = DocumentLabel(type, XmlText(d, "TYPE_OF_DOCUMENT2"));
  id.value = XmlText(d, "NUMBER");
  std::string country = XmlText(d, "ISSUING_COUNTRY");
  const std::string country_of_issue = XmlText(d, "COUNTRY_OF_ISSUE");
  if (country.empty()) country = country_of_issue;
  if (!country.empty()) id.country = MakeCountry(country);
  id.issued = IsoDay(XmlText(d, "DATE_OF_ISSUE"));
  const std::string place = JoinNonEmpty({XmlText(d, "CITY_OF_ISSUE"), country_of_issue}, ", ");
  id.note =
      JoinNonEmpty({XmlText(d, "NOTE"), place.empty() ? "" : "place of issue: " + place}, "; ");
  if (!id.value.empty()) {
    e->identifiers.push_back(std::move(id));
  } else if (!id.type_text.empty() || !id.note.empty()) {
    // A document described without a number ("Passport issued in 1993, under
    // name ...") cannot be matched on; keep what the list says as a remark.
    e->remarks.push_back(JoinNonEmpty({id.type_text, id.note}, ": "));
  }
}

// Company IMO numbers appear only inside COMMENTS1 ("IMO number: 5571322.",
// "International Maritime Organization (IMO) Number: 1790183", "Company
// Number IMO 5434358"): the seven digits that follow "IMO" within a short
// label are taken.
void AddImoFromComments(std::string_view text, Entity* e) {
  constexpr size_t kMaxLabel = 12;  // longest label seen: ") Number: "
  for (size_t at = text.find("IMO"); at != std::string_view::npos; at = text.find("IMO", at + 3)) {
    const auto letter = [&](size_t k) {
      return k < text.size() && ((text[k] | 0x20) >= 'a' && (text[k] | 0x20) <= 'z');
    };
    if ((at > 0 && letter(at - 1)) || letter(at + 3)) continue;  // "DIMONA", "IMOS"
    size_t i = at + 3;
    while (i < text.size() && i - at - 3 < kMaxLabel && !(text[i] >= '0' && text[i] <= '9')) ++i;
    const std::string_view digits = text.substr(i, 7);
    const bool ends = i + 7 >= text.size() || !(text[i + 7] >= '0' && text[i + 7] <= '9');
    if (digits.size() == 7 && AllDigits(digits) && ends) {
      e->identifiers.push_back({IdentifierType::kImo,
                                "IMO number (from comments)",
                                std::string(digits),
                                {},
                                "",
                                "",
                                ""});
    }
  }
}

void AddScalars(pugi::xml_node n, Entity* e) {
  e->titles = Values(n, "TITLE");
  e->designations = Values(n, "DESIGNATION");
  const std::string gender = XmlText(n, "GENDER");
  if (gender == "Male") e->gender = Gender::kMale;
  if (gender == "Female") e->gender = Gender::kFemale;
  for (const std::string& v : Values(n, "NATIONALITY")) e->nationalities.push_back(MakeCountry(v));
  if (std::string p = XmlText(n, "UN_LIST_TYPE"); !p.empty()) e->programs.push_back(std::move(p));
  e->listed_on = IsoDay(XmlText(n, "LISTED_ON"));
  for (const std::string& v : Values(n, "LAST_DAY_UPDATED")) {
    e->last_updated = std::max(e->last_updated, IsoDay(v));
  }
  if (std::string c = XmlText(n, "COMMENTS1"); !c.empty()) {
    AddImoFromComments(c, e);
    e->remarks.insert(e->remarks.begin(), std::move(c));
  }
}

absl::Status AddNames(const UnCtx& ctx, pugi::xml_node n, const char* alias_tag, Entity* e) {
  e->names.push_back(PrimaryName(n, e->schema));
  if (e->names[0].full.empty()) return ctx.Error(n, "FIRST_NAME", "entry has no name");
  if (std::string original = XmlText(n, "NAME_ORIGINAL_SCRIPT"); !original.empty()) {
    Name name{.full = std::move(original), .kind = NameKind::kAlias};
    name.quality_text = "original script";
    name.script = DetectScript(name.full);
    e->names.push_back(std::move(name));
  }
  for (pugi::xml_node a : n.children(alias_tag)) {
    if (absl::Status s = AddAlias(ctx, a, e); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<Entity> ParseEntry(const UnCtx& ctx, pugi::xml_node n, Schema schema) {
  Entity e;
  e.list = std::string(kUnList);
  e.schema = schema;
  e.source_id = XmlText(n, "REFERENCE_NUMBER");
  if (e.source_id.empty()) return ctx.Error(n, "REFERENCE_NUMBER", "missing or empty");
  e.id = MakeEntityId(kUnList, e.source_id);
  const bool person = schema == Schema::kPerson;
  if (absl::Status s = AddNames(ctx, n, person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS", &e); !s.ok())
    return s;
  AddScalars(n, &e);
  AddUnAddresses(n, person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS", &e);
  if (absl::Status s = AddDobs(ctx, n, &e); !s.ok()) return s;
  AddPlacesOfBirth(n, &e);
  for (pugi::xml_node d : n.children("INDIVIDUAL_DOCUMENT")) AddDocument(d, &e);
  return e;
}

// Loads every <entry_tag> under <group_tag>; anything else there is an error
// (a renamed element would otherwise drop entries silently).
absl::Status LoadGroup(const UnCtx& ctx, pugi::xml_node root, const char* group_tag,
                       const char* entry_tag, Schema schema, LoadedList* out) {
  std::set<std::string> seen;
  for (const Entity& e : out->entities) seen.insert(e.id);
  for (pugi::xml_node group : root.children(group_tag)) {
    for (pugi::xml_node n = group.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      if (std::string_view(n.name()) != entry_tag) {
        return ctx.Error(n, n.name(), StrCat("unexpected element in ", group_tag));
      }
      auto e = ParseEntry(ctx, n, schema);
      if (e.ok() && !seen.insert(e->id).second) {
        e = ctx.Error(n, "REFERENCE_NUMBER", "duplicate reference number " + e->source_id);
      }
      if (!e.ok()) {
        SkipRecord(e.status(), ctx.file.path, XmlPath(n), out);
        continue;
      }
      out->entities.push_back(std::move(*e));
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool IsUnXml(std::string_view head) {
  return XmlRootName(head) == kRoot && (head.find("<INDIVIDUALS") != std::string_view::npos ||
                                        head.find("<ENTITIES") != std::string_view::npos);
}

absl::StatusOr<LoadedList> LoadUnXml(const SourceFile& f, const LoadOptions& o) {
  pugi::xml_document doc;
  if (absl::Status s = ParseXml(f.path, f.bytes, o, &doc); !s.ok()) return s;
  const UnCtx ctx{f, doc};
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != kRoot) {
    return ctx.Error(root, root.name(), StrCat("root element is not ", kRoot));
  }
  if (!root.child("INDIVIDUALS") && !root.child("ENTITIES")) {
    return ctx.Error(root, kRoot, "has neither INDIVIDUALS nor ENTITIES");
  }
  LoadedList out;
  out.version.list = std::string(kUnList);
  out.version.title = "UN Security Council Consolidated List";
  out.version.format = std::string(ListFormatName(ListFormat::kUnXml));
  out.version.published = root.attribute("dateGenerated").as_string();
  if (absl::Status s = LoadGroup(ctx, root, "INDIVIDUALS", "INDIVIDUAL", Schema::kPerson, &out);
      !s.ok())
    return s;
  if (absl::Status s = LoadGroup(ctx, root, "ENTITIES", "ENTITY", Schema::kOrganization, &out);
      !s.ok())
    return s;
  return out;
}

}  // namespace cordon::lists
