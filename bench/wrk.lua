-- wrk script for bench/run: optional POST body and Authorization header from the environment,
-- an optional pause between requests, and one machine-readable result line at the end (latencies in microseconds).
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

-- WRK_BOOK_POST=1: every request is a bookshelf `POST /books/` of a new book. The books are
-- numbered from the start second times 10^6, so the unique ISBN never repeats within a run nor
-- between two runs (a warm-up and the measured run) started at least a second apart.
if os.getenv("WRK_BOOK_POST") == "1" then
  local seq = (os.time() % 100000) * 1000000
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  function request()
    seq = seq + 1
    local body = string.format(
      '{"title":"Bench book %d","isbn":"9%012d","author":%d,"genres":["fantasy","mystery"],' ..
      '"published":"2001-02-03","pages":321,"price":"12.50","in_stock":true}', seq, seq, 1 + seq % 3)
    return wrk.format(nil, nil, nil, body)
  end
end

-- A pause before each request turns the closed loop into a paced probe (latency, not throughput).
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "")
if pause and pause > 0 then
  function delay()
    return pause
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
