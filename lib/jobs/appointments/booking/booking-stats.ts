// Bookings per company per month in Redis: the numbers UpdateStatistics keeps.
// One Lua step counts an appointment at most once (SADD decides), so a re-run of
// the step cannot count it twice.
import { runtimeRedis } from "../../../queue";
import { key } from "../../../redis/connection";

const COUNT_ONCE = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return 1
end
return 0`;

/** Kept a little over a year: long enough for year-over-year comparisons. */
const TTL_SECONDS = 400 * 24 * 3600;

const keys = (month: string) => ({ counted: key("stats", "bookings", month, "counted"), perCompany: key("stats", "bookings", month) });

/** Returns true when this call counted the appointment (false: already counted). */
export async function countBooking(appointmentId: string, companyId: string, startsAt: Date): Promise<boolean> {
  const month = startsAt.toISOString().slice(0, 7);
  const k = keys(month);
  return (await runtimeRedis().eval(COUNT_ONCE, 2, k.counted, k.perCompany, appointmentId, companyId, TTL_SECONDS)) === 1;
}

/** Booked appointments per company for a month (`YYYY-MM`, by appointment start). */
export async function bookingsPerCompany(month: string): Promise<Record<string, number>> {
  const raw = await runtimeRedis().hgetall(keys(month).perCompany);
  return Object.fromEntries(Object.entries(raw).map(([company, n]) => [company, Number(n)]));
}
