#include "lists/ofac_remarks.h"

#include <array>
#include <optional>

#include "core/country.h"
#include "core/dates.h"
#include "core/strcat.h"
#include "core/text.h"

namespace cordon::lists {
namespace {

// What a feature label fills in the entity model.
enum class Feature : uint8_t {
  kIdentifier,
  kGender,
  kBirthDate,  // DOB, and build/manufacture dates (entity.h: BirthDate is also a build date)
  kBirthPlace,
  kNationality,
  kCitizenship,
};

struct Label {
  std::string_view text;
  Feature feature;
  IdentifierType id_type = IdentifierType::kOther;
};

using IT = IdentifierType;
// OFAC feature labels that carry data the model has a field for. Collected
// from every Remarks segment of the bundled sdn.csv (2021, 2024) and
// cons_prim.csv and from the idType values of consolidated.xml; labels seen
// fewer than three times and informational labels ("Linked To:", "Target
// Type", "Secondary sanctions risk:", "Listing Date ...", "Organization
// Established Date") are not here and stay remarks.
constexpr std::array kLabels = {
    Label{"DOB", Feature::kBirthDate},
    Label{"Vessel Year of Build", Feature::kBirthDate},
    Label{"Aircraft Manufacture Date", Feature::kBirthDate},
    Label{"POB", Feature::kBirthPlace},
    Label{"nationality", Feature::kNationality},
    Label{"citizen", Feature::kCitizenship},
    Label{"Gender", Feature::kGender},
    Label{"Passport", Feature::kIdentifier, IT::kPassport},
    Label{"Diplomatic Passport", Feature::kIdentifier, IT::kPassport},
    Label{"Passport Booklet", Feature::kIdentifier, IT::kPassport},
    Label{"Travel Document Number", Feature::kIdentifier, IT::kPassport},
    Label{"National ID No.", Feature::kIdentifier, IT::kNationalId},
    Label{"Cedula No.", Feature::kIdentifier, IT::kNationalId},
    Label{"D.N.I.", Feature::kIdentifier, IT::kNationalId},
    Label{"Identification Number", Feature::kIdentifier, IT::kNationalId},
    Label{"Personal ID Card", Feature::kIdentifier, IT::kNationalId},
    Label{"SSN", Feature::kIdentifier, IT::kNationalId},
    Label{"C.U.I.", Feature::kIdentifier, IT::kNationalId},
    Label{"C.U.R.P.", Feature::kIdentifier, IT::kNationalId},
    Label{"C.U.R.P. #", Feature::kIdentifier, IT::kNationalId},
    Label{"National Foreign ID Number", Feature::kIdentifier, IT::kNationalId},
    Label{"Residency Number", Feature::kIdentifier, IT::kNationalId},
    Label{"Birth Certificate Number", Feature::kIdentifier, IT::kNationalId},
    Label{"Citizen's Card Number", Feature::kIdentifier, IT::kNationalId},
    Label{"Kenyan ID No.", Feature::kIdentifier, IT::kNationalId},
    Label{"Turkish Identification Number", Feature::kIdentifier, IT::kNationalId},
    Label{"Tazkira National ID Card", Feature::kIdentifier, IT::kNationalId},
    Label{"Refugee ID Card", Feature::kIdentifier, IT::kNationalId},
    Label{"Numero de Identidad", Feature::kIdentifier, IT::kNationalId},
    Label{"UAE Identification", Feature::kIdentifier, IT::kNationalId},
    Label{"Electoral Registry No.", Feature::kIdentifier, IT::kNationalId},
    Label{"Credencial electoral", Feature::kIdentifier, IT::kNationalId},
    Label{"I.F.E.", Feature::kIdentifier, IT::kNationalId},
    Label{"Tax ID No.", Feature::kIdentifier, IT::kTaxId},
    Label{"NIT #", Feature::kIdentifier, IT::kTaxId},
    Label{"RUC #", Feature::kIdentifier, IT::kTaxId},
    Label{"RFC", Feature::kIdentifier, IT::kTaxId},
    Label{"R.F.C.", Feature::kIdentifier, IT::kTaxId},
    Label{"R.F.C. #", Feature::kIdentifier, IT::kTaxId},
    Label{"RIF #", Feature::kIdentifier, IT::kTaxId},
    Label{"RTN", Feature::kIdentifier, IT::kTaxId},
    Label{"C.U.I.T.", Feature::kIdentifier, IT::kTaxId},
    Label{"C.I.F.", Feature::kIdentifier, IT::kTaxId},
    Label{"V.A.T. Number", Feature::kIdentifier, IT::kTaxId},
    Label{"US FEIN", Feature::kIdentifier, IT::kTaxId},
    Label{"Paraguayan tax identification number", Feature::kIdentifier, IT::kTaxId},
    Label{"Numero Unico de Identificacao Tributaria (NUIT)", Feature::kIdentifier, IT::kTaxId},
    Label{"Registration Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Registration ID", Feature::kIdentifier, IT::kRegistration},
    Label{"Business Registration Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Business Registration Document #", Feature::kIdentifier, IT::kRegistration},
    Label{"Business Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Commercial Registry Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Company Number", Feature::kIdentifier, IT::kRegistration},
    Label{"UK Company Number", Feature::kIdentifier, IT::kRegistration},
    Label{"C.R. No.", Feature::kIdentifier, IT::kRegistration},
    Label{"Romanian C.R.", Feature::kIdentifier, IT::kRegistration},
    Label{"Government Gazette Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Folio Mercantil No.", Feature::kIdentifier, IT::kRegistration},
    Label{"Matricula Mercantil No", Feature::kIdentifier, IT::kRegistration},
    Label{"Trade License No.", Feature::kIdentifier, IT::kRegistration},
    Label{"Unified Social Credit Code (USCC)", Feature::kIdentifier, IT::kRegistration},
    Label{"United Social Credit Code Certificate (USCCC)", Feature::kIdentifier, IT::kRegistration},
    Label{"Public Registration Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Chamber of Commerce Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Central Registration System Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Istanbul Chamber of Comm. No.", Feature::kIdentifier, IT::kRegistration},
    Label{"Dubai Chamber of Commerce Membership No.", Feature::kIdentifier, IT::kRegistration},
    Label{"Registered Charity No.", Feature::kIdentifier, IT::kRegistration},
    Label{"Certificate of Incorporation Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Economic Register Number (CBLS)", Feature::kIdentifier, IT::kRegistration},
    Label{"Enterprise Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Branch Unit Number", Feature::kIdentifier, IT::kRegistration},
    Label{"LE Number", Feature::kIdentifier, IT::kRegistration},
    Label{"D-U-N-S Number", Feature::kIdentifier, IT::kRegistration},
    Label{"Organization Code", Feature::kIdentifier, IT::kRegistration},
    Label{"License", Feature::kIdentifier, IT::kRegistration},
    Label{"Legal Entity Number", Feature::kIdentifier, IT::kLei},
    Label{"Vessel Registration Identification", Feature::kIdentifier, IT::kImo},
    Label{"SWIFT/BIC", Feature::kIdentifier, IT::kBic},
    Label{"Aircraft Manufacturer's Serial Number (MSN)", Feature::kIdentifier, IT::kAircraftSerial},
    Label{"Aircraft Construction Number (also called L/N or S/N or F/N)", Feature::kIdentifier,
          IT::kAircraftSerial},
    Label{"Aircraft Serial Identification", Feature::kIdentifier, IT::kAircraftSerial},
    Label{"Aircraft Tail Number", Feature::kIdentifier, IT::kAircraftSerial},
    Label{"Aircraft Mode S Transponder Code", Feature::kIdentifier, IT::kAircraftSerial},
    Label{"Email Address", Feature::kIdentifier, IT::kEmail},
    Label{"Website", Feature::kIdentifier, IT::kWebsite},
    Label{"Phone Number", Feature::kIdentifier, IT::kPhone},
    Label{"Phone No.", Feature::kIdentifier, IT::kPhone},
    Label{"Phone", Feature::kIdentifier, IT::kPhone},
    Label{"Telephone", Feature::kIdentifier, IT::kPhone},
    Label{"Telephone No.", Feature::kIdentifier, IT::kPhone},
    Label{"Fax", Feature::kIdentifier, IT::kPhone},
    Label{"Fax No.", Feature::kIdentifier, IT::kPhone},
    Label{"Digital Currency Address", Feature::kIdentifier, IT::kCryptoWallet},
    Label{"MMSI", Feature::kIdentifier, IT::kOther},
    Label{"Other Vessel Call Sign", Feature::kIdentifier, IT::kOther},
    Label{"ISIN", Feature::kIdentifier, IT::kOther},
    Label{"Equity Ticker", Feature::kIdentifier, IT::kOther},
    Label{"BIK (RU)", Feature::kIdentifier, IT::kOther},
    Label{"Driver's License No.", Feature::kIdentifier, IT::kOther},
    Label{"Cartilla de Servicio Militar Nacional", Feature::kIdentifier, IT::kOther},
    Label{"Pilot License Number", Feature::kIdentifier, IT::kOther},
    Label{"Immigration No.", Feature::kIdentifier, IT::kOther},
    Label{"VisaNumberID", Feature::kIdentifier, IT::kOther},
    Label{"Chinese Commercial Code", Feature::kIdentifier, IT::kOther},
};

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// The longest label that `text` starts with, followed by a space, a colon or
// the end. Case is ignored for identifier labels (OFAC writes "PHONE" and
// "Phone" for one feature) but not for the others, so that "Nationality of
// Registration" (a vessel's flag) is not read as "nationality".
const Label* MatchLabel(std::string_view text, size_t* label_size) {
  const Label* best = nullptr;
  for (const Label& l : kLabels) {
    if (text.size() < l.text.size() || (best != nullptr && l.text.size() <= best->text.size())) {
      continue;
    }
    const std::string_view head = text.substr(0, l.text.size());
    if (l.feature == Feature::kIdentifier ? !EqualsIgnoreCase(head, l.text) : head != l.text) {
      continue;
    }
    if (text.size() > l.text.size() && text[l.text.size()] != ' ' && text[l.text.size()] != ':') {
      continue;
    }
    best = &l;
  }
  if (best != nullptr) *label_size = best->text.size();
  return best;
}

const Label* FindLabel(std::string_view label) {
  std::string_view l = label;
  if (l.ends_with(':')) l.remove_suffix(1);
  size_t size = 0;
  const Label* m = MatchLabel(l, &size);
  return (m != nullptr && size == l.size()) ? m : nullptr;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// Cuts " <word> <rest>" off the end of *value and returns <rest>, for the
// "issued 12 Jan 2010" and "expires 2020" suffixes of identifiers.
std::string CutSuffix(std::string_view* value, std::string_view word) {
  const size_t at = value->rfind(StrCat(" ", word, " "));
  if (at == std::string_view::npos) return "";
  std::string rest(TrimView(value->substr(at + word.size() + 2)));
  *value = TrimView(value->substr(0, at));
  return rest;
}

// A trailing " (Iran)" names the issuing country. Only a parenthesis after a
// space and without digits counts, so phone numbers "(98)(21)(6615)" and
// labels such as "(MSN)" stay in the value.
std::string CutCountry(std::string_view* value) {
  if (!value->ends_with(')')) return "";
  const size_t open = value->rfind(" (");
  if (open == std::string_view::npos) return "";
  const std::string_view inside = value->substr(open + 2, value->size() - open - 3);
  if (inside.empty() || HasDigit(inside) || inside.find('(') != std::string_view::npos) return "";
  std::string out(inside);
  *value = TrimView(value->substr(0, open));
  return out;
}

void AddBirthDates(std::string_view text, Entity* e) {
  std::vector<BirthDate> dates = ParseDateList(text);
  if (dates.empty()) dates.push_back(BirthDate{});
  for (BirthDate& d : dates) {
    d.text = CleanSpaces(text);
    e->birth_dates.push_back(std::move(d));
  }
}

// "Nangalam Village, Dar-e-Pech, Kunar, Afghanistan": the last part is the
// country, the first the town, the one before the country the region.
Place MakeOfacPlace(std::string_view text) {
  Place p;
  p.text = CleanSpaces(text);
  std::vector<std::string_view> parts;
  std::string_view rest = p.text;
  for (size_t c = rest.find(", "); c != std::string_view::npos; c = rest.find(", ")) {
    parts.push_back(rest.substr(0, c));
    rest.remove_prefix(c + 2);
  }
  parts.push_back(rest);
  p.country = MakeCountry(parts.back());
  if (parts.size() >= 2) p.city = std::string(parts.front());
  if (parts.size() >= 3) p.region = std::string(parts[parts.size() - 2]);
  return p;
}

void AddIdentifier(const Label& l, std::string_view label, std::string_view value,
                   const Country& country, std::string_view issued, std::string_view expires,
                   Entity* e) {
  Identifier id;
  id.type = l.id_type;
  id.type_text = std::string(label);
  // "Digital Currency Address - XBT 1Kuf..": the currency belongs to the label.
  if (l.id_type == IT::kCryptoWallet && value.starts_with("- ")) {
    value.remove_prefix(2);
    const size_t sp = value.find(' ');
    if (sp != std::string_view::npos) {
      id.type_text = StrCat(label, " - ", value.substr(0, sp));
      value = TrimView(value.substr(sp + 1));
    }
  }
  // "Vessel Registration Identification IMO 9187629": the type already says
  // IMO; the value is the number alone, as IMO numbers are compared.
  if (l.id_type == IT::kImo && value.starts_with("IMO ")) value.remove_prefix(4);
  id.value = CleanSpaces(value);
  id.country = country;
  id.issued = std::string(issued);
  id.expires = std::string(expires);
  if (!id.value.empty()) e->identifiers.push_back(std::move(id));
}

void ApplyLabel(const Label& l, std::string_view label, std::string_view value,
                const Country& country, std::string_view issued, std::string_view expires,
                Entity* e) {
  switch (l.feature) {
    case Feature::kBirthDate: AddBirthDates(value, e); return;
    case Feature::kBirthPlace: e->birth_places.push_back(MakeOfacPlace(value)); return;
    case Feature::kNationality: e->nationalities.push_back(MakeCountry(value)); return;
    case Feature::kCitizenship: e->citizenships.push_back(MakeCountry(value)); return;
    case Feature::kGender: {
      const std::string g = AsciiLower(CleanSpaces(value));
      if (g == "male") e->gender = Gender::kMale;
      if (g == "female") e->gender = Gender::kFemale;
      return;
    }
    case Feature::kIdentifier: AddIdentifier(l, label, value, country, issued, expires, e); return;
  }
}

// "a.k.a. 'SHI'A GROUP'": the name is between the first and the last quote.
bool AddRemarkAlias(std::string_view seg, Entity* e) {
  NameKind kind;
  if (seg.starts_with("a.k.a. ")) {
    kind = NameKind::kAlias;
  } else if (seg.starts_with("f.k.a. ")) {
    kind = NameKind::kFormer;
  } else if (seg.starts_with("n.k.a. ")) {
    kind = NameKind::kNew;
  } else {
    return false;
  }
  const size_t open = seg.find('\'');
  const size_t close = seg.rfind('\'');
  if (open == std::string_view::npos || close <= open + 1) return false;
  const std::string_view name = seg.substr(open + 1, close - open - 1);
  e->names.push_back(MakeOfacName(name, e->schema == Schema::kPerson, kind, NameStrength::kWeak,
                                  seg.substr(0, 6)));
  return true;
}

// One "; "-separated remark. `parse_text` has OFAC's closing period removed;
// `verbatim` is kept when the segment is not turned into a field.
void ApplySegment(std::string_view verbatim, std::string_view parse_text, Entity* e) {
  std::string_view seg = parse_text;
  if (seg.starts_with("alt. ")) seg.remove_prefix(5);
  if (AddRemarkAlias(seg, e)) return;
  size_t label_size = 0;
  const Label* l = MatchLabel(seg, &label_size);
  if (l == nullptr) {
    const std::string v = CleanSpaces(verbatim);
    for (const std::string& t : e->titles) {
      if (t == CleanSpaces(parse_text)) return;  // OFAC repeats the Title column here
    }
    if (!v.empty()) e->remarks.push_back(v);
    return;
  }
  const std::string_view label = seg.substr(0, label_size);
  std::string_view value = TrimView(seg.substr(label_size));
  if (value.starts_with(':')) value = TrimView(value.substr(1));
  std::string issued, expires, country;
  if (l->feature == Feature::kIdentifier) {
    expires = CutSuffix(&value, "expires");
    issued = CutSuffix(&value, "issued");
    country = CutCountry(&value);
  }
  ApplyLabel(*l, label, value, country.empty() ? Country{} : MakeCountry(country), issued, expires,
             e);
}

}  // namespace

std::vector<std::string> SplitOfacPrograms(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&]() {
    std::string p = CleanSpaces(cur);
    if (!p.empty() && p != "-0-") out.push_back(std::move(p));
    cur.clear();
  };
  for (char c : text) {
    if (c == '[' || c == ']') {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

bool IsNonSdnOnlyProgram(std::string_view p) {
  return p.starts_with("NS-") || p.starts_with("FSE-") || p.starts_with("CMIC") ||
         p.starts_with("561-");
}

bool LooksLikeNonSdnList(const std::vector<std::vector<std::string>>& program_lists,
                         std::string_view file_path) {
  for (const auto& programs : program_lists) {
    bool only_non_sdn = !programs.empty();
    for (const std::string& p : programs) only_non_sdn = only_non_sdn && IsNonSdnOnlyProgram(p);
    if (only_non_sdn) return true;
  }
  const size_t slash = file_path.find_last_of("/\\");
  const std::string_view base =
      slash == std::string_view::npos ? file_path : file_path.substr(slash + 1);
  return AsciiLower(base).starts_with("cons");
}

Name MakeOfacName(std::string_view full, bool is_person, NameKind kind, NameStrength strength,
                  std::string_view quality_text) {
  Name n;
  n.full = CleanSpaces(full);
  n.kind = kind;
  n.strength = strength;
  n.quality_text = std::string(quality_text);
  n.script = DetectScript(n.full);
  const size_t comma = n.full.find(", ");
  if (is_person && comma != std::string::npos) {
    n.parts.push_back({NamePartType::kFamily, n.full.substr(0, comma)});
    n.parts.push_back({NamePartType::kGiven, n.full.substr(comma + 2)});
  }
  return n;
}

void AddOfacFeature(std::string_view label, std::string_view value, const Country& country,
                    std::string_view issued, std::string_view expires, Entity* e) {
  const std::string clean_label = CleanSpaces(label);
  const std::string clean_value = CleanSpaces(value);
  if (const Label* l = FindLabel(clean_label); l != nullptr) {
    std::string_view name = clean_label;
    if (name.ends_with(':')) name.remove_suffix(1);
    ApplyLabel(*l, name, clean_value, country, issued, expires, e);
    return;
  }
  std::string remark = clean_label;
  if (!clean_value.empty()) remark = StrCat(remark, remark.empty() ? "" : " ", clean_value);
  if (!country.text.empty()) remark = StrCat(remark, " (", country.text, ")");
  if (!remark.empty()) e->remarks.push_back(std::move(remark));
}

void ApplyOfacRemarks(std::string_view remarks, Entity* e) {
  std::vector<std::string_view> segs;
  for (size_t at = remarks.find("; "); at != std::string_view::npos; at = remarks.find("; ")) {
    segs.push_back(remarks.substr(0, at));
    remarks.remove_prefix(at + 2);
  }
  segs.push_back(remarks);
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string_view verbatim = TrimView(segs[i]);
    std::string_view parse_text = verbatim;
    // OFAC ends the whole Remarks text with a period.
    if (i + 1 == segs.size() && parse_text.ends_with('.')) parse_text.remove_suffix(1);
    if (!parse_text.empty()) ApplySegment(verbatim, parse_text, e);
  }
}

void ApplyOfacVesselInfo(const OfacVesselInfo& v, Entity* e) {
  if (!v.call_sign.empty()) {
    e->identifiers.push_back(
        Identifier{.type = IT::kOther, .type_text = "Call Sign", .value = v.call_sign});
  }
  const std::array<std::pair<std::string_view, const std::string*>, 5> fields = {{
      {"Vessel Type", &v.type},
      {"Vessel Tonnage", &v.tonnage},
      {"Vessel Gross Registered Tonnage", &v.gross_tonnage},
      {"Vessel Flag", &v.flag},
      {"Vessel Owner", &v.owner},
  }};
  for (const auto& [label, value] : fields) {
    if (!value->empty()) e->remarks.push_back(StrCat(label, ": ", *value));
  }
}

}  // namespace cordon::lists
