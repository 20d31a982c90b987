// What the OFAC CSV and XML loaders share: the meaning of OFAC's feature
// labels ("Passport", "SWIFT/BIC", "Gender", ...), the parser of the legacy
// CSV Remarks column, program tags, names and vessel fields.
//
// OFAC keeps most of what it knows about an entry as "features". The XML
// gives them as idList/id elements (idType + idNumber); the legacy CSV writes
// the same features, with the same labels, into the Remarks column:
//   "DOB 1962; POB Shati; nationality Iran; Passport A123 (Iran) expires 2020;
//    a.k.a. 'X'; Gender Male; Vessel Registration Identification IMO 1234567."
// Both loaders therefore map labels through one table (kLabels in the .cc).
//
// Thread safety: pure functions over their arguments.
#ifndef CORDON_LISTS_OFAC_REMARKS_H_
#define CORDON_LISTS_OFAC_REMARKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "cordon/entity.h"

namespace cordon::lists {

// Programs from an OFAC program field. The legacy CSV strips the outer
// brackets of "[SDGT] [NPWMD]" and writes "SDGT] [NPWMD"; both forms and a
// single bare tag are accepted.
std::vector<std::string> SplitOfacPrograms(std::string_view text);

// True for program tags that appear only on OFAC's non-SDN lists: NS-* (e.g.
// NS-PLC, NS-MBS, NS-ISA), FSE-* (Foreign Sanctions Evaders), CMIC-*
// (Chinese Military-Industrial Complex) and 561-* (CAPTA, section 561 list).
// Source: OFAC "Consolidated Sanctions List (Non-SDN Lists)" page. SSI
// entries carry UKRAINE-EO13662, which SDN entries carry too, so they do not
// decide; nor does "SSIDES", an SDN program (South Sudan).
bool IsNonSdnOnlyProgram(std::string_view program);

// OFAC's two lists share one entry-number space but have different titles.
// A list is the non-SDN (consolidated) list when at least one entry carries
// only non-SDN programs: an SDN entry always carries an SDN program, even when
// it is also on a non-SDN list (e.g. SDGT + NS-PLC, SYRIA + FSE-SY; checked
// on the 2021 and 2024 sdn.csv: no entry has only non-SDN programs, while 145
// of 442 cons_prim.csv entries do). When no entry decides it, a file name
// starting with "cons" (OFAC's own names cons_prim.csv, consolidated.xml) is
// the last resort. Counts such entries over `program_lists`.
bool LooksLikeNonSdnList(const std::vector<std::vector<std::string>>& program_lists,
                         std::string_view file_path);
inline constexpr std::string_view kOfacSdnTitle = "OFAC Specially Designated Nationals (SDN) List";
inline constexpr std::string_view kOfacConsTitle = "OFAC Consolidated (non-SDN) List";

// A name as OFAC lists it. Individuals are written "LAST, First": the full
// text is kept as listed and, for persons, the parts before and after the
// first comma become the family and given name parts.
Name MakeOfacName(std::string_view full, bool is_person, NameKind kind, NameStrength strength,
                  std::string_view quality_text);

// Adds one feature to `e`: `label` is an OFAC feature label (XML idType, or
// the start of a CSV remark), `value` the rest. Identifiers keep their label
// in type_text; labels that carry no identifier (Gender, build dates) fill
// their fields; anything else becomes a remark "label value".
void AddOfacFeature(std::string_view label, std::string_view value, const Country& country,
                    std::string_view issued, std::string_view expires, Entity* e);

// Parses a legacy CSV Remarks text (already joined with its sdn_comments.csv
// continuation) into `e`: dates and places of birth, nationalities,
// citizenships, gender, identifiers, weak aliases (OFAC writes weak a.k.a.s
// only here, single-quoted; strong ones are in alt.csv), and keeps every
// segment it does not turn into a field as a remark.
void ApplyOfacRemarks(std::string_view remarks, Entity* e);

// Vessel columns of sdn.csv and the XML vesselInfo element.
struct OfacVesselInfo {
  std::string call_sign;
  std::string type;
  std::string tonnage;
  std::string gross_tonnage;
  std::string flag;
  std::string owner;
};
// The call sign becomes an identifier; the other fields become remarks
// ("Vessel Flag: Iran"), since the entity model has no vessel fields.
void ApplyOfacVesselInfo(const OfacVesselInfo& v, Entity* e);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_OFAC_REMARKS_H_
