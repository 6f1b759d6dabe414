-- Spreads requests out like independent clients: after each answer a connection waits a random 0 to 2×PACE_MS
-- milliseconds (mean PACE_MS). hey's fixed rate (-q) starts every worker's ticker at the same instant, so its
-- "2,000 req/s" arrives as bursts of one request per worker, and a burst's queue dominates the median.
local mean = tonumber(os.getenv("PACE_MS") or "10")
math.randomseed(os.time())
function delay()
  return math.random(0, 2 * mean)
end
