//! The opening search: day by day through the window in the practice's
//! zone, every eligible provider's spans ([`day_spans`]) minus their
//! bookings ([`free_starts`]).
//!
//! Bookings come from one forward cursor per provider over `schedule_busy`,
//! so a search reads each booking in the window at most once, however many
//! days it walks. Days are walked in order and local dates partition time,
//! so once a day ends with `max_results` openings found, later days cannot
//! hold earlier ones and the walk stops: a year-long window costs what the
//! days up to the first openings cost.

use super::{SledSchedule, check_practice, keys};
use crate::config::MAX_DURATION_MINUTES;
use crate::config::compiled::Compiled;
use crate::error::{Result, ScheduleError};
use crate::model::{Opening, OpeningQuery, Timestamp};
use crate::openings::{DayClock, Walk, day_spans, free_starts};
use crate::slot::SlotId;
use crate::time::{DAY_MINUTES, MINUTE_MS, local_date_minute, weekday_index};

/// Most openings one search returns.
pub const MAX_RESULTS: u32 = 100;
/// Longest window one search may walk.
pub const MAX_WINDOW_DAYS: i64 = 400;

/// A provider's bookings, read forwards as the search moves through days.
struct BusyCursor {
    iter: sled::Iter,
    /// The first booking read that starts after the current day.
    pending: Option<(Timestamp, Timestamp)>,
    /// Bookings that may still overlap the current day, sorted and disjoint.
    current: Vec<(Timestamp, Timestamp)>,
}

impl BusyCursor {
    fn new(tree: &sled::Tree, practice: &str, provider: &str, from: Timestamp, until: Timestamp) -> Self {
        let start = keys::provider_time(practice, provider, from);
        let end = keys::provider_time(practice, provider, until);
        BusyCursor { iter: tree.range(start..end), pending: None, current: Vec::new() }
    }

    fn next_booking(&mut self) -> Result<Option<(Timestamp, Timestamp)>> {
        let Some(entry) = self.iter.next() else { return Ok(None) };
        let (key, value) = entry?;
        let start = key.len().checked_sub(8).and_then(|at| keys::read_instant(&key[at..]));
        match (start, keys::read_instant(&value)) {
            (Some(start), Some(end)) => Ok(Some((start, end))),
            _ => Err(ScheduleError::Corrupt("busy index entry".into())),
        }
    }

    /// The bookings overlapping `[day_start, day_end)`.
    fn day(&mut self, day_start: Timestamp, day_end: Timestamp) -> Result<&[(Timestamp, Timestamp)]> {
        self.current.retain(|b| b.1 > day_start);
        loop {
            let booking = match self.pending.take() {
                Some(b) => b,
                None => match self.next_booking()? {
                    Some(b) => b,
                    None => break,
                },
            };
            if booking.0 >= day_end {
                self.pending = Some(booking);
                break;
            }
            if booking.1 > day_start {
                self.current.push(booking);
            }
        }
        Ok(&self.current)
    }
}

fn invalid(message: &str) -> ScheduleError {
    ScheduleError::InvalidRequest(message.to_owned())
}

/// Checks the query against the config; returns the type's index.
fn check_query(compiled: &Compiled, q: &OpeningQuery) -> Result<usize> {
    let t = *compiled
        .type_index
        .get(&q.appointment_type)
        .ok_or_else(|| invalid("appointment_type is not one of the practice's appointment types"))?;
    if let Some(p) = &q.provider_id
        && !compiled.provider_index.contains_key(p)
    {
        return Err(ScheduleError::NotFound { what: "provider", id: p.clone() });
    }
    if let Some(l) = &q.location_id
        && !compiled.location_index.contains_key(l)
    {
        return Err(ScheduleError::NotFound { what: "location", id: l.clone() });
    }
    if q.not_after <= q.not_before || q.not_before < 0 {
        return Err(invalid("not_after must be later than not_before (and not_before not before 1970)"));
    }
    if q.not_after - q.not_before > MAX_WINDOW_DAYS * 24 * 3_600_000 {
        return Err(invalid("the window may span at most 400 days"));
    }
    if q.weekdays.iter().any(|d| *d > 6) {
        return Err(invalid("weekdays are 0 (Monday) to 6 (Sunday)"));
    }
    let (earliest, latest) = (q.earliest_minute.unwrap_or(0), q.latest_minute.unwrap_or(DAY_MINUTES - 1));
    if earliest >= DAY_MINUTES || latest >= DAY_MINUTES || earliest > latest {
        return Err(invalid("earliest_minute and latest_minute are 0-1439 with earliest <= latest"));
    }
    Ok(t)
}

impl SledSchedule {
    #[tracing::instrument(name = "schedule.find_openings", skip_all, fields(practice = practice))]
    pub(super) fn search(&self, practice: &str, q: &OpeningQuery, now: Timestamp) -> Result<Vec<Opening>> {
        check_practice(practice)?;
        let compiled = self.compiled(practice)?;
        let c = &*compiled;
        let t = check_query(c, q)?;
        let max = q.max_results.min(MAX_RESULTS) as usize;
        let walk = Walk {
            duration_ms: i64::from(c.types[t].duration_minutes) * MINUTE_MS,
            step_ms: i64::from(c.types[t].step_minutes) * MINUTE_MS,
            lower: q.not_before.max(now + c.notice_ms),
            upper: q.not_after,
        };
        if max == 0 || walk.lower >= walk.upper {
            return Ok(Vec::new());
        }
        let location = q.location_id.as_ref().map(|l| c.location_index[l]);
        let providers: Vec<usize> = match &q.provider_id {
            Some(p) => vec![c.provider_index[p]],
            None => (0..c.providers.len()).collect(),
        };
        let mut providers: Vec<usize> = providers.into_iter().filter(|&p| c.providers[p].offers.contains(t)).collect();
        // In id order, so a position in this list is the tie-break rank.
        providers.sort_by(|&a, &b| c.providers[a].id.cmp(&c.providers[b].id));
        // Bookings that started up to the longest possible duration before
        // the window can still reach into it (the bound every config obeys,
        // not this config's longest type: older bookings may be longer).
        let scan_from = walk.lower - i64::from(MAX_DURATION_MINUTES) * MINUTE_MS;
        // Opened on a provider's first working day in the window, not before.
        let mut cursors: Vec<Option<BusyCursor>> = providers.iter().map(|_| None).collect();
        let minute_filter = q.earliest_minute.is_some() || q.latest_minute.is_some();
        let (earliest, latest) = (q.earliest_minute.unwrap_or(0), q.latest_minute.unwrap_or(DAY_MINUTES));

        let (mut date, _) = local_date_minute(&c.tz, walk.lower);
        let (last, _) = local_date_minute(&c.tz, walk.upper - 1);
        // (start, rank of the provider in `providers`, location)
        let mut found: Vec<(Timestamp, usize, usize)> = Vec::new();
        let mut starts = Vec::new();
        while date <= last && found.len() < max {
            let weekday = weekday_index(date) as u8;
            if q.weekdays.is_empty() || q.weekdays.contains(&weekday) {
                let mut day = DayClock::new(&c.tz, date);
                let (day_start, day_end) = (day.at(0), day.at(DAY_MINUTES));
                for (i, &p) in providers.iter().enumerate() {
                    let spans = day_spans(c, &c.providers[p], &mut day, t, location);
                    if spans.is_empty() {
                        continue;
                    }
                    let cursor = cursors[i].get_or_insert_with(|| {
                        BusyCursor::new(&self.trees.busy, practice, &c.providers[p].id, scan_from, walk.upper)
                    });
                    let busy = cursor.day(day_start, day_end)?;
                    for span in &spans {
                        starts.clear();
                        free_starts(span, &walk, busy, &mut starts);
                        for &start in &starts {
                            if minute_filter {
                                let (_, minute) = local_date_minute(&c.tz, start);
                                if minute < earliest || minute > latest {
                                    continue;
                                }
                            }
                            found.push((start, i, span.location));
                        }
                    }
                }
            }
            let Ok(next) = date.tomorrow() else { break };
            date = next;
        }

        // Time order, then provider id; one opening per provider and start
        // (an extra open block may overlap a template at another location,
        // and a provider cannot be in two places at once).
        found.sort_unstable();
        found.dedup_by_key(|f| (f.0, f.1));
        found.truncate(max);
        let code = &c.types[t].code;
        Ok(found
            .into_iter()
            .map(|(start, rank, l)| {
                let provider = &c.providers[providers[rank]];
                let location = &c.locations[l];
                Opening {
                    slot_id: SlotId::new(&provider.id, location, code, start).encode(),
                    appointment_type: code.clone(),
                    provider_id: provider.id.clone(),
                    provider_name: provider.name.clone(),
                    location_id: location.clone(),
                    start,
                    duration_minutes: c.types[t].duration_minutes,
                }
            })
            .collect())
    }
}
