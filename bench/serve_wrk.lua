-- wrk script for bench/serve_wrk.sh: POST /v1/screen with one party per request, cycling through
-- a mix of listed and unlisted names (people, organisations, several scripts and spellings), and
-- counting non-2xx responses per thread. The API key, if any, comes from the environment.
local names = {
  "Germain Katanga", "Thomas Lubanga", "Vladimir Putin", "Maria Schmidt", "John Smith",
  "Kim Jong Un", "Banco Nacional de Cuba", "Ali Hassan", "Mohammed Ahmed", "Wang Wei",
  "Rosneft", "Islamic Revolutionary Guard Corps", "Viktor Bout", "Joaquin Guzman Loera",
  "Ivan Petrov", "Olga Ivanova", "Li Ming", "Hezbollah", "Juan Garcia", "Usama bin Ladin",
  "Сергей Иванов", "محمد علي", "Acme Trading LLC", "Ayman al-Zawahiri",
}
local bodies = {}
for i, n in ipairs(names) do
  bodies[i] = string.format('{"name": "%s"}', n)
end

local key = os.getenv("CORDON_BENCH_KEY")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  i = math.random(#bodies)
  non2xx = 0
  wrk.method = "POST"
  wrk.path = "/v1/screen"
  wrk.headers["Content-Type"] = "application/json"
  if key and key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
end

function request()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  io.write(string.format("non2xx_responses: %d\n", bad))
  io.write(string.format("latency_p50_ms: %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("latency_p99_ms: %.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("socket_errors: %d\n", summary.errors.connect + summary.errors.read +
                         summary.errors.write + summary.errors.timeout + summary.errors.status))
end
