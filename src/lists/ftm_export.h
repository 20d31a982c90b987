// Writing cordon entities as FollowTheMoney (FtM) JSON, the entity format of
// OpenSanctions, so that lists loaded by cordon can be exchanged with FtM
// tools and read back by cordon's own FtM loader (ftm_json.cc).
//
// Example:
//   for (const cordon::Entity& e : list.entities) {
//     out << cordon::lists::EntityToFtmJson(e) << '\n';
//   }
//
// Thread safety: a pure function.
#ifndef CORDON_LISTS_FTM_EXPORT_H_
#define CORDON_LISTS_FTM_EXPORT_H_

#include <string>

#include "cordon/entity.h"

namespace cordon::lists {

// One entity as one line of JSON (no line break) in the nested form of
// OpenSanctions' targets.nested.json: the entity's FtM properties, with its
// addresses ("addressEntity"), richer identity documents ("identification")
// and its listing ("sanctions") as nested Address, Identification/Passport and
// Sanction entities. The FtM id is "<list>-<source_id>" ("un-QDi.421"); an
// entity loaded from FtM keeps its original id.
//
// What FtM cannot carry is dropped: the circa flag of a date and any date
// text that is not an ISO date (a range is written as its two ends), name
// quality labels, languages and scripts (recomputed on loading), the text of
// a country that has no ISO code, and the difference between "name now known
// as" and "also known as".
std::string EntityToFtmJson(const Entity& e);

}  // namespace cordon::lists

#endif  // CORDON_LISTS_FTM_EXPORT_H_
