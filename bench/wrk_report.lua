-- wrk's summary as one JSON line (bench/run.py reads it): exact mean latency
-- in microseconds and the error counts, instead of wrk's rounded text.
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "mean_us": %.1f, ' ..
    '"p50_us": %d, "p99_us": %d, "status": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency.mean,
    latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
