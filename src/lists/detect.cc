#include "cordon/lists.h"
#include "lists/loaders.h"

namespace cordon {

std::string_view ListFormatName(ListFormat f) {
  switch (f) {
    case ListFormat::kUnXml: return "un-xml";
    case ListFormat::kOfacCsvPrimary: return "ofac-csv";
    case ListFormat::kOfacCsvAlt: return "ofac-csv-alt";
    case ListFormat::kOfacCsvAdd: return "ofac-csv-add";
    case ListFormat::kOfacCsvComments: return "ofac-csv-comments";
    case ListFormat::kOfacXml: return "ofac-xml";
    case ListFormat::kUkConList: return "uk-conlist-csv";
    case ListFormat::kUkSanctionsList: return "uk-sanctions-list";
    case ListFormat::kEuFsfXml: return "eu-fsf-xml";
    case ListFormat::kCanadaSemaXml: return "canada-sema-xml";
    case ListFormat::kUaeCsv: return "uae-csv";
    case ListFormat::kFtmJson: return "ftm-json";
    case ListFormat::kCustomCsv: return "cordon-csv";
    case ListFormat::kCustomJsonl: return "cordon-jsonl";
    case ListFormat::kSnapshot: return "cordon-snapshot";
    case ListFormat::kUnknown: break;
  }
  return "unknown";
}

ListFormat DetectListFormat(std::string_view head) {
  // Snapshot magic: see cordon/snapshot.h.
  if (head.substr(0, 8) == std::string_view("CORDSNAP", 8)) return ListFormat::kSnapshot;
  // Order matters only where one test is a refinement of another.
  if (lists::IsUnXml(head)) return ListFormat::kUnXml;
  if (lists::IsOfacXml(head)) return ListFormat::kOfacXml;
  if (lists::IsEuFsfXml(head)) return ListFormat::kEuFsfXml;
  if (lists::IsCanadaSemaXml(head)) return ListFormat::kCanadaSemaXml;
  if (lists::IsUkSanctionsList(head)) return ListFormat::kUkSanctionsList;
  if (lists::IsUkConList(head)) return ListFormat::kUkConList;
  if (lists::IsUaeCsv(head)) return ListFormat::kUaeCsv;
  if (lists::IsFtmJson(head)) return ListFormat::kFtmJson;
  if (lists::IsCustomJsonl(head)) return ListFormat::kCustomJsonl;
  if (lists::IsCustomCsv(head)) return ListFormat::kCustomCsv;
  if (const ListFormat role = lists::OfacCsvRole(head); role != ListFormat::kUnknown) {
    return role;
  }
  return ListFormat::kUnknown;
}

}  // namespace cordon
