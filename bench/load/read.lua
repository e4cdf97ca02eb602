-- wrk script for the read routes: BENCH_PATH with the bench user's token (app) or id (baseline);
-- prints one key=value line that run.sh parses (wrk's own summary has no p95).
local token = os.getenv("TOKEN") or ""
local user = os.getenv("USER_ID") or ""
local path = os.getenv("BENCH_PATH") or "/api/chat/conversations"

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["X-Bench-User"] = user
wrk.headers["Accept"] = "application/json"

request = function()
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
      "RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d timeouts=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, errors, summary.errors.status, summary.errors.timeout))
end
