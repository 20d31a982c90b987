// Fuzzes how the ISO 20022 reader finds messages (src/messages/iso20022_locate.cc) and reads the
// newer message types: the fuzzer's bytes are put inside a wrapper element, after an AppHdr, and
// as the content of a Document in each supported namespace. Checked contracts: every message
// read has a format, an offset inside the input, and a path for every party (a name path when it
// has a name); every error names a byte offset inside the input (MessageErrorOffset).
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cordon/messages.h"

namespace {

void Check(const std::string& input) {
  cordon::MessageOptions options;
  options.max_bytes = 1 << 20;
  options.max_xml_depth = 32;
  const auto parsed = cordon::ParseIso20022("fuzz", input, options);
  if (!parsed.ok()) return;  // not UTF-8
  for (const auto& m : parsed->messages) {
    if (!m.ok()) {
      const auto offset = cordon::MessageErrorOffset(m.status());
      if (!offset || *offset > input.size()) std::abort();
      continue;
    }
    if (m->format.empty() || m->offset > input.size()) std::abort();
    for (const cordon::Party& p : m->parties) {
      if (p.path.empty() || (!p.name.empty() && p.name_path.empty())) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static constexpr std::array<std::string_view, 8> kMessages = {
      "pacs.008.001.08", "pacs.009.001.11", "pacs.004.001.13", "pacs.003.001.08",
      "pacs.002.001.10", "pain.001.001.09", "pain.008.001.08", "camt.056.001.11"};
  const std::string hdr =
      "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\"><Fr><FIId><FinInstnId>"
      "<BICFI>AAAAGB2L</BICFI></FinInstnId></FIId></Fr></AppHdr>";
  Check(std::string(bytes));
  Check("<Envelope>" + hdr + std::string(bytes) + "</Envelope>");
  const std::string_view msg = kMessages[size % kMessages.size()];
  Check("<BizMsg>" + hdr + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:" + std::string(msg) +
        "\">" + std::string(bytes) + "</Document></BizMsg>");
  return 0;
}
