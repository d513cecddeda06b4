//! From templates to free slots, for one provider on one local date. Pure:
//! no storage, the caller passes the provider's bookings as intervals.
//!
//! 1. [`day_spans`]: the day's weekly blocks plus extra open blocks that
//!    allow the type (and location, if asked), turned into instants in the
//!    practice's zone, minus the provider's and the practice's closures.
//! 2. [`free_starts`]: walk each span on a grid of the type's step, from the
//!    span's start. A start whose whole duration is free is emitted; when a
//!    booking is in the way the grid restarts where that booking ends, so
//!    openings pack against existing appointments instead of leaving gaps a
//!    front desk would have to fill by hand.
//!
//! Invariant: every start emitted lies in a span with its whole duration,
//! which is exactly what [`check_slot`] accepts at booking time, so any
//! offered opening is bookable until someone takes it.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::config::compiled::{Block, Compiled, CompiledProvider};
use crate::error::SlotProblem;
use crate::model::Timestamp;
use crate::slot::SlotId;
use crate::time::{DAY_MINUTES, GRID_MS, MINUTE_MS, local_date_minute, local_instant, weekday_index};

/// A stretch of time in which a provider can be booked at a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub location: usize,
    pub start: Timestamp,
    pub end: Timestamp,
}

/// The bookable spans of `provider` on local `date` for type `type_index`,
/// in start order.
pub(crate) fn day_spans(
    compiled: &Compiled,
    provider: &CompiledProvider,
    day: &mut DayClock,
    type_index: usize,
    location: Option<usize>,
) -> Vec<Span> {
    let date = day.date;
    let weekly = &provider.weekly[weekday_index(date)];
    let extra = provider.open.get(&date).map(Vec::as_slice).unwrap_or(&[]);
    let wanted = |b: &&Block| b.types.contains(type_index) && location.is_none_or(|l| l == b.location);
    let mut spans: Vec<Span> = weekly
        .iter()
        .chain(extra)
        .filter(wanted)
        .map(|b| Span { location: b.location, start: day.at(b.start_minute), end: day.at(b.end_minute) })
        // A block entirely inside a spring-forward gap has no real time.
        .filter(|s| s.start < s.end)
        .collect();
    if spans.is_empty() {
        return spans;
    }
    let closures = provider.closed.iter().chain(&compiled.closed).filter(|c| c.covers(date));
    for closure in closures {
        let (start, end) = closure.minutes.unwrap_or((0, DAY_MINUTES));
        let (from, until) = (day.at(start), day.at(end));
        spans = spans.into_iter().flat_map(|s| subtract(s, from, until)).collect();
    }
    spans.sort_by_key(|s| (s.start, s.location));
    spans
}

/// One local date's minutes → instants, remembered: the providers of a
/// practice mostly share block times, and a zone lookup costs more than
/// a scan of a handful of remembered minutes.
pub(crate) struct DayClock<'a> {
    tz: &'a TimeZone,
    pub date: Date,
    memo: Vec<(u32, Timestamp)>,
}

impl<'a> DayClock<'a> {
    pub fn new(tz: &'a TimeZone, date: Date) -> Self {
        DayClock { tz, date, memo: Vec::new() }
    }

    pub fn at(&mut self, minute: u32) -> Timestamp {
        if let Some(&(_, at)) = self.memo.iter().find(|(m, _)| *m == minute) {
            return at;
        }
        let at = local_instant(self.tz, self.date, minute);
        self.memo.push((minute, at));
        at
    }
}

/// `span` minus `[from, until)`: zero, one or two pieces.
fn subtract(span: Span, from: Timestamp, until: Timestamp) -> impl Iterator<Item = Span> {
    let before = Span { end: span.end.min(from), ..span };
    let after = Span { start: span.start.max(until), ..span };
    [before, after].into_iter().filter(|s| s.start < s.end)
}

/// The grid and bounds of a walk through spans.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk {
    pub duration_ms: i64,
    pub step_ms: i64,
    /// Earliest start allowed (window start, now + notice).
    pub lower: Timestamp,
    /// Starts must be strictly before this.
    pub upper: Timestamp,
}

/// Free starts in `span`, given the provider's bookings `busy` as
/// `(start, end)` intervals sorted by start and disjoint (occupancy keeps
/// them so). Pushes to `out` in time order.
pub(crate) fn free_starts(span: &Span, walk: &Walk, busy: &[(Timestamp, Timestamp)], out: &mut Vec<Timestamp>) {
    let mut t = align(span.start, walk.lower, walk.step_ms);
    let mut next = busy.partition_point(|b| b.1 <= t);
    while t + walk.duration_ms <= span.end && t < walk.upper {
        while next < busy.len() && busy[next].1 <= t {
            next += 1;
        }
        match busy.get(next) {
            Some(&(start, end)) if start < t + walk.duration_ms => {
                // Restart the grid where the booking in the way ends.
                t = align(end, walk.lower, walk.step_ms);
            }
            _ => {
                out.push(t);
                t += walk.step_ms;
            }
        }
    }
}

/// The first point of the grid `anchor + k·step` at or after `lower`.
fn align(anchor: Timestamp, lower: Timestamp, step: i64) -> Timestamp {
    if anchor >= lower { anchor } else { anchor + (lower - anchor + step - 1) / step * step }
}

/// Whether `slot` (already known to name configured things) lies wholly in
/// one of its provider's spans for its type and location.
pub(crate) fn check_slot(compiled: &Compiled, slot: &SlotId, now: Timestamp) -> Result<u32, SlotProblem> {
    let (Some(&p), Some(&l), Some(&t)) = (
        compiled.provider_index.get(&slot.provider),
        compiled.location_index.get(&slot.location),
        compiled.type_index.get(&slot.appointment_type),
    ) else {
        return Err(SlotProblem::UnknownReference);
    };
    let duration = compiled.types[t].duration_minutes;
    let start = slot.start();
    if start % GRID_MS != 0 {
        return Err(SlotProblem::OffGrid);
    }
    if start < now + compiled.notice_ms {
        return Err(SlotProblem::Past);
    }
    let end = start + i64::from(duration) * MINUTE_MS;
    let (date, _) = local_date_minute(&compiled.tz, start);
    let spans = day_spans(compiled, &compiled.providers[p], &mut DayClock::new(&compiled.tz, date), t, Some(l));
    if spans.iter().any(|s| s.start <= start && end <= s.end) {
        Ok(duration)
    } else {
        Err(SlotProblem::OutsideAvailability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: i64 = MINUTE_MS;

    fn walk(duration: i64, step: i64) -> Walk {
        Walk { duration_ms: duration * M, step_ms: step * M, lower: 0, upper: i64::MAX }
    }

    fn starts(span: (i64, i64), w: Walk, busy: &[(i64, i64)]) -> Vec<i64> {
        let busy: Vec<_> = busy.iter().map(|(s, e)| (s * M, e * M)).collect();
        let mut out = Vec::new();
        free_starts(&Span { location: 0, start: span.0 * M, end: span.1 * M }, &w, &busy, &mut out);
        out.into_iter().map(|t| t / M).collect()
    }

    #[test]
    fn back_to_back_slots_fill_a_span_exactly() {
        assert_eq!(starts((480, 600), walk(20, 20), &[]), vec![480, 500, 520, 540, 560, 580]);
        // A 45-minute procedure fits twice in two hours, not three times.
        assert_eq!(starts((480, 600), walk(45, 45), &[]), vec![480, 525]);
    }

    #[test]
    fn bookings_are_skipped_and_the_grid_packs_after_them() {
        // A 30-minute booking at 08:10 → next 20-minute slot at 08:40.
        assert_eq!(starts((480, 600), walk(20, 20), &[(490, 520)]), vec![520, 540, 560, 580]);
        // A booking outside the span changes nothing.
        assert_eq!(starts((480, 540), walk(20, 20), &[(300, 480), (540, 600)]), vec![480, 500, 520]);
    }

    #[test]
    fn lower_bound_keeps_the_grid() {
        let w = Walk { lower: 505 * M, ..walk(20, 20) };
        assert_eq!(starts((480, 600), w, &[]), vec![520, 540, 560, 580]);
        let w = Walk { upper: 540 * M, ..walk(20, 20) };
        assert_eq!(starts((480, 600), w, &[]), vec![480, 500, 520]);
    }

    #[test]
    fn subtracting_a_closure_splits_a_span() {
        let s = Span { location: 0, start: 0, end: 100 };
        assert_eq!(subtract(s, 40, 60).collect::<Vec<_>>(), vec![Span { end: 40, ..s }, Span { start: 60, ..s }]);
        assert_eq!(subtract(s, -10, 200).count(), 0);
        assert_eq!(subtract(s, 100, 200).collect::<Vec<_>>(), vec![s]);
    }
}
