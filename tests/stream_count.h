// How many messages a JetStream stream holds, for the tests that drive cordon worker, submit and
// serve --nats against a real nats-server (0 when the server or the stream cannot be reached).
#ifndef CORDON_TESTS_STREAM_COUNT_H_
#define CORDON_TESTS_STREAM_COUNT_H_

#include <nats/nats.h>

#include <cstdint>
#include <string>

namespace cordon {

inline uint64_t Count(const std::string& url, const char* stream) {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  uint64_t n = 0;
  if (natsConnection_ConnectTo(&nc, url.c_str()) == NATS_OK &&
      natsConnection_JetStream(&js, nc, nullptr) == NATS_OK) {
    jsStreamInfo* si = nullptr;
    if (js_GetStreamInfo(&si, js, stream, nullptr, nullptr) == NATS_OK) {
      n = si->State.Msgs;
      jsStreamInfo_Destroy(si);
    }
  }
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  return n;
}

}  // namespace cordon

#endif  // CORDON_TESTS_STREAM_COUNT_H_
