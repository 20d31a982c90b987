#include "snapshot/codec.h"

#include <unordered_map>

#include "core/strcat.h"
#include "core/text.h"
#include "core/wire.h"

namespace cordon::snapshot {
namespace {

// ---------------------------------------------------------------- encoding

class Encoder {
 public:
  Encoder() { Ref(""); }

  void Str(std::string* out, const std::string& s) { PutVarint(out, Ref(s)); }
  void Strs(std::string* out, const std::vector<std::string>& v) {
    PutVarint(out, v.size());
    for (const std::string& s : v) Str(out, s);
  }
  void Enum(std::string* out, uint8_t v) { out->push_back(static_cast<char>(v)); }

  std::string StringsSection() const {
    std::string out;
    PutVarint(&out, order_.size());
    for (const std::string* s : order_) {
      PutVarint(&out, s->size());
      out += *s;
    }
    return out;
  }

 private:
  uint64_t Ref(const std::string& s) {
    auto [it, inserted] = index_.try_emplace(s, order_.size());
    if (inserted) order_.push_back(&it->first);
    return it->second;
  }

  // Node-based map: the key strings keep their address, so order_ may point
  // at them.
  std::unordered_map<std::string, uint64_t> index_;
  std::vector<const std::string*> order_;
};

void PutDate(std::string* out, const PartialDate& d) {
  PutSignedVarint(out, d.year);
  PutSignedVarint(out, d.month);
  PutSignedVarint(out, d.day);
}

void PutCountry(Encoder& e, std::string* out, const Country& c) {
  e.Str(out, c.code);
  e.Str(out, c.text);
}

void PutName(Encoder& e, std::string* out, const Name& n) {
  e.Str(out, n.full);
  e.Enum(out, static_cast<uint8_t>(n.kind));
  e.Enum(out, static_cast<uint8_t>(n.strength));
  e.Str(out, n.quality_text);
  e.Str(out, n.script);
  e.Str(out, n.language);
  PutVarint(out, n.parts.size());
  for (const NamePart& p : n.parts) {
    e.Enum(out, static_cast<uint8_t>(p.type));
    e.Str(out, p.value);
  }
}

void PutPlacesAndCountries(Encoder& e, std::string* out, const Entity& x) {
  PutVarint(out, x.birth_places.size());
  for (const Place& p : x.birth_places) {
    e.Str(out, p.text);
    e.Str(out, p.city);
    e.Str(out, p.region);
    PutCountry(e, out, p.country);
  }
  for (const auto* list : {&x.nationalities, &x.citizenships}) {
    PutVarint(out, list->size());
    for (const Country& c : *list) PutCountry(e, out, c);
  }
}

void PutAddressesAndIds(Encoder& e, std::string* out, const Entity& x) {
  PutVarint(out, x.addresses.size());
  for (const Address& a : x.addresses) {
    for (const std::string* s : {&a.full, &a.street, &a.city, &a.region, &a.postal_code}) {
      e.Str(out, *s);
    }
    PutCountry(e, out, a.country);
    e.Str(out, a.note);
  }
  PutVarint(out, x.identifiers.size());
  for (const Identifier& i : x.identifiers) {
    e.Enum(out, static_cast<uint8_t>(i.type));
    e.Str(out, i.type_text);
    e.Str(out, i.value);
    PutCountry(e, out, i.country);
    for (const std::string* s : {&i.issued, &i.expires, &i.note}) e.Str(out, *s);
  }
}

void PutEntity(Encoder& e, std::string* out, const Entity& x) {
  e.Str(out, x.id);
  e.Str(out, x.list);
  e.Str(out, x.source_id);
  e.Enum(out, static_cast<uint8_t>(x.schema));
  PutVarint(out, x.names.size());
  for (const Name& n : x.names) PutName(e, out, n);
  e.Strs(out, x.titles);
  e.Strs(out, x.designations);
  e.Enum(out, static_cast<uint8_t>(x.gender));
  PutVarint(out, x.birth_dates.size());
  for (const BirthDate& b : x.birth_dates) {
    PutDate(out, b.from);
    PutDate(out, b.to);
    e.Enum(out, b.circa ? 1 : 0);
    e.Str(out, b.text);
  }
  PutPlacesAndCountries(e, out, x);
  PutAddressesAndIds(e, out, x);
  e.Strs(out, x.programs);
  e.Str(out, x.listed_on);
  e.Str(out, x.last_updated);
  e.Strs(out, x.remarks);
}

void PutListHeader(Encoder& e, std::string* out, const LoadedList& l) {
  const ListVersion& v = l.version;
  for (const std::string* s : {&v.list, &v.title, &v.format, &v.published, &v.content_hash}) {
    e.Str(out, *s);
  }
  e.Strs(out, v.files);
  PutVarint(out, l.entities.size());
  PutVarint(out, l.skipped.size());
  for (const LoadNote& n : l.skipped) {
    e.Str(out, n.file);
    PutVarint(out, n.line);
    e.Str(out, n.field);
    e.Str(out, n.reason);
  }
}

// ---------------------------------------------------------------- decoding

// Smallest encodings (every field one byte: an empty string ref, a zero count
// or an enum), used to bound counts by the bytes left. An entity has 18 fields
// (see PutEntity), a list header 8, a name 7, and so on.
constexpr uint64_t kMinListBytes = 8;
constexpr uint64_t kMinEntityBytes = 18;
constexpr uint64_t kMinNameBytes = 7;
constexpr uint64_t kMinPartBytes = 2;
constexpr uint64_t kMinDateBytes = 8;
constexpr uint64_t kMinPlaceBytes = 5;
constexpr uint64_t kMinCountryBytes = 2;
constexpr uint64_t kMinAddressBytes = 8;
constexpr uint64_t kMinIdentifierBytes = 8;
constexpr uint64_t kMinNoteBytes = 4;

class Decoder {
 public:
  Decoder(std::string_view bytes, const std::vector<std::string_view>& strings,
          uint64_t* text_budget)
      : r_(bytes), strings_(strings), text_budget_(text_budget) {}

  WireReader& reader() { return r_; }

  std::string Str() {
    const uint64_t i = r_.Varint();
    if (!r_.ok()) return {};
    if (i >= strings_.size()) {
      r_.Fail(StrCat("string reference ", i, " outside the table of ", strings_.size()));
      return {};
    }
    const std::string_view s = strings_[i];
    if (s.size() > *text_budget_) {
      r_.Fail("decoded text exceeds the budget (DecodeLimits::max_text_bytes)");
      return {};
    }
    *text_budget_ -= s.size();
    return std::string(s);
  }

  std::vector<std::string> Strs() {
    std::vector<std::string> out(r_.Count(1));
    for (std::string& s : out) s = Str();
    return out;
  }

  // One-byte enum value that must be <= max.
  template <typename E>
  E Enum(E max, const char* what) {
    const uint8_t b = r_.Byte();
    if (b > static_cast<uint8_t>(max)) r_.Fail(StrCat("invalid ", what, " value ", b));
    return static_cast<E>(b);
  }

  PartialDate Date() {
    const int64_t y = r_.SignedVarint();
    const int64_t m = r_.SignedVarint();
    const int64_t d = r_.SignedVarint();
    if (y < INT16_MIN || y > INT16_MAX || m < 0 || m > 12 || d < 0 || d > 31) {
      r_.Fail("date out of range");
      return {};
    }
    return PartialDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
  }

  Country GetCountry() {
    Country c;
    c.code = Str();
    c.text = Str();
    return c;
  }

  Name GetName() {
    Name n;
    n.full = Str();
    n.kind = Enum(NameKind::kNew, "name kind");
    n.strength = Enum(NameStrength::kWeak, "name strength");
    n.quality_text = Str();
    n.script = Str();
    n.language = Str();
    n.parts.resize(r_.Count(kMinPartBytes));
    for (NamePart& p : n.parts) {
      p.type = Enum(NamePartType::kOther, "name part type");
      p.value = Str();
    }
    return n;
  }

  BirthDate GetBirthDate() {
    BirthDate b;
    b.from = Date();
    b.to = Date();
    b.circa = Enum<uint8_t>(1, "circa flag") == 1;
    b.text = Str();
    return b;
  }

  Address GetAddress() {
    Address a;
    for (std::string* s : {&a.full, &a.street, &a.city, &a.region, &a.postal_code}) *s = Str();
    a.country = GetCountry();
    a.note = Str();
    return a;
  }

  Identifier GetIdentifier() {
    Identifier i;
    i.type = Enum(IdentifierType::kCryptoWallet, "identifier type");
    i.type_text = Str();
    i.value = Str();
    i.country = GetCountry();
    for (std::string* s : {&i.issued, &i.expires, &i.note}) *s = Str();
    return i;
  }

  template <typename T, typename F>
  std::vector<T> Many(uint64_t min_bytes, F get) {
    std::vector<T> out;
    const uint64_t n = r_.Count(min_bytes);
    for (uint64_t k = 0; k < n && r_.ok(); ++k) out.push_back((this->*get)());
    return out;
  }

  Entity GetEntity() {
    Entity x;
    x.id = Str();
    x.list = Str();
    x.source_id = Str();
    x.schema = Enum(Schema::kAircraft, "schema");
    x.names = Many<Name>(kMinNameBytes, &Decoder::GetName);
    x.titles = Strs();
    x.designations = Strs();
    x.gender = Enum(Gender::kFemale, "gender");
    x.birth_dates = Many<BirthDate>(kMinDateBytes, &Decoder::GetBirthDate);
    x.birth_places = Many<Place>(kMinPlaceBytes, &Decoder::GetPlace);
    x.nationalities = Many<Country>(kMinCountryBytes, &Decoder::GetCountry);
    x.citizenships = Many<Country>(kMinCountryBytes, &Decoder::GetCountry);
    x.addresses = Many<Address>(kMinAddressBytes, &Decoder::GetAddress);
    x.identifiers = Many<Identifier>(kMinIdentifierBytes, &Decoder::GetIdentifier);
    x.programs = Strs();
    x.listed_on = Str();
    x.last_updated = Str();
    x.remarks = Strs();
    return x;
  }

  Place GetPlace() {
    Place p;
    p.text = Str();
    p.city = Str();
    p.region = Str();
    p.country = GetCountry();
    return p;
  }

  LoadNote GetNote() {
    LoadNote n;
    n.file = Str();
    n.line = r_.Varint();
    n.field = Str();
    n.reason = Str();
    return n;
  }

 private:
  WireReader r_;
  const std::vector<std::string_view>& strings_;
  uint64_t* text_budget_;
};

absl::Status SectionError(std::string_view name, std::string_view section,
                          const std::string& error) {
  return absl::DataLossError(
      StrCat("snapshot ", name, ": section '", section, "' ", error, " (corrupt file)"));
}

absl::StatusOr<std::vector<std::string_view>> DecodeStrings(std::string_view name,
                                                            std::string_view bytes) {
  WireReader r(bytes);
  std::vector<std::string_view> out(r.Count(1));
  for (std::string_view& s : out) {
    s = r.Bytes(r.Varint());
    if (!r.ok()) break;
    if (absl::Status st = ValidateUtf8("", s); !st.ok()) {
      r.Fail(StrCat("string ", &s - out.data(), " is not valid UTF-8"));
    }
  }
  if (r.ok() && !r.AtEnd()) r.Fail("trailing bytes after the last string");
  if (r.ok() && (out.empty() || !out[0].empty())) r.Fail("string 0 must be empty");
  if (!r.ok()) return SectionError(name, "strings", r.error());
  return out;
}

}  // namespace

EncodedLists EncodeLists(const std::vector<LoadedList>& lists) {
  Encoder e;
  EncodedLists out;
  PutVarint(&out.lists, lists.size());
  for (const LoadedList& l : lists) {
    PutListHeader(e, &out.lists, l);
    for (const Entity& x : l.entities) PutEntity(e, &out.entities, x);
  }
  out.strings = e.StringsSection();
  return out;
}

absl::StatusOr<std::vector<LoadedList>> DecodeLists(std::string_view name, std::string_view strings,
                                                    std::string_view lists,
                                                    std::string_view entities,
                                                    const DecodeLimits& limits) {
  auto table = DecodeStrings(name, strings);
  if (!table.ok()) return table.status();
  uint64_t budget = limits.max_text_bytes;
  Decoder head(lists, *table, &budget);
  Decoder body(entities, *table, &budget);
  std::vector<LoadedList> out(head.reader().Count(kMinListBytes));
  for (LoadedList& l : out) {
    ListVersion& v = l.version;
    for (std::string* s : {&v.list, &v.title, &v.format, &v.published, &v.content_hash}) {
      *s = head.Str();
    }
    v.files = head.Strs();
    const uint64_t n = head.reader().Count(0);
    l.skipped = head.Many<LoadNote>(kMinNoteBytes, &Decoder::GetNote);
    if (!head.reader().ok()) break;
    if (n > limits.max_entities || n > body.reader().remaining() / kMinEntityBytes) {
      head.reader().Fail(StrCat("list '", v.list, "' announces ", n,
                                " entities, more than the limit or the entities section holds"));
      break;
    }
    l.entities.reserve(n);
    for (uint64_t k = 0; k < n && body.reader().ok(); ++k) l.entities.push_back(body.GetEntity());
    if (!body.reader().ok()) return SectionError(name, "entities", body.reader().error());
  }
  if (head.reader().ok() && !head.reader().AtEnd()) head.reader().Fail("trailing bytes");
  if (!head.reader().ok()) return SectionError(name, "lists", head.reader().error());
  if (!body.reader().AtEnd()) {
    return SectionError(name, "entities",
                        StrCat("has ", body.reader().remaining(), " bytes after the last entity"));
  }
  return out;
}

}  // namespace cordon::snapshot
