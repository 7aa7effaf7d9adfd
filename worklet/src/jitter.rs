//! An adaptive jitter buffer for received RTP audio (RFC 3550 §6.4.1 for the jitter
//! estimate): packets go in as they arrive, in any order; one frame comes out per frame
//! time, in sequence, as a payload to decode, a frame to conceal, or nothing yet.
//!
//! - **Delay.** The buffer plays out once it holds its *target* of frames. The target follows
//!   the delay variation seen: the largest recent difference in transit time between two
//!   packets in a row (RFC 3550's D(i-1, i), as a peak that decays slowly rather than its
//!   mean), plus one frame, within `min..=max` frames. Clock drift hardly moves it.
//! - **Loss.** A missing frame is waited for while fewer than the target's frames are held
//!   (a frame made up, and the delay grows by one); with the target held it is lost:
//!   [`Playout::Conceal`], and the buffer moves on. A packet that comes after its time is
//!   counted late and dropped.
//! - **Clock drift and changes of delay.** Nothing to play (the far end's clock is slower, or
//!   the network slowed down) makes up a frame *without* moving on, so the delay grows by a
//!   frame; holding well above the target for a while (the far end's clock is faster, or the
//!   network sped up) drops one frame, so the delay shrinks.
//! - **Restarts.** A jump in sequence numbers or a long silence starts over.
//!
//! Slots are fixed (no allocation after [`JitterBuffer::new`]), sans-IO: arrival times are
//! given in RTP clock ticks by the caller.

/// Frames the buffer can hold.
const SLOTS: usize = 64;
/// Largest payload kept (a 60 ms Opus frame at 510 kbit/s fits).
const MAX_PAYLOAD: usize = 4000;
/// Frames above the target that count as too many.
const SHRINK_MARGIN: usize = 2;
/// Frame times spent above target + margin before a frame is dropped.
const SHRINK_AFTER: u32 = 25;
/// Frame times with nothing to play before the stream is taken as stopped.
const STOPPED_AFTER: u32 = 50;
/// How fast the delay peak decays: 1/256 of the way to the current difference per packet
/// (half-way in about 3.5 s of 20 ms packets).
const PEAK_DECAY: i64 = 256;
/// A transit difference of more than this many frames is a timestamp jump, not jitter.
const DISCONTINUITY_FRAMES: i64 = 50;

/// What to play for one frame time.
#[derive(Debug, PartialEq, Eq)]
pub enum Playout<'a> {
    /// Decode this payload.
    Frame(&'a [u8]),
    /// The frame was lost or has not come: make one up.
    Conceal,
    /// Not playing (yet): silence.
    Buffering,
}

/// Counters, for reports and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JitterStats {
    /// Packets taken in.
    pub received: u64,
    /// Frames played from a packet.
    pub played: u64,
    /// Frames made up because their packet was lost.
    pub lost: u64,
    /// Frames made up while nothing was there (the delay grew by one frame each).
    pub stretched: u64,
    /// Frames dropped to bring the delay down.
    pub dropped: u64,
    /// Packets that came after their time, or twice.
    pub late: u64,
    /// Times the buffer started over.
    pub restarts: u64,
}

#[derive(Clone)]
struct Slot {
    seq: u64,
    filled: bool,
    len: usize,
    data: [u8; MAX_PAYLOAD],
}

/// The buffer of one received stream.
pub struct JitterBuffer {
    slots: Box<[Slot]>,
    /// Extended sequence number of the next frame to play (None: buffering).
    next: Option<u64>,
    /// Highest extended sequence number received.
    highest: Option<u64>,
    /// Frame length in RTP ticks.
    frame: i64,
    min: usize,
    max: usize,
    /// Transit time (arrival - timestamp) of the packet before.
    last_transit: Option<i64>,
    /// Peak transit difference, in ticks × [`PEAK_DECAY`].
    peak: i64,
    over_target: u32,
    idle: u32,
    stats: JitterStats,
}

impl JitterBuffer {
    /// A buffer for frames of `frame_ticks` RTP ticks, keeping between `min` and `max`
    /// frames of delay (`max` at most 60).
    pub fn new(frame_ticks: u32, min: usize, max: usize) -> JitterBuffer {
        let max = max.clamp(1, SLOTS - 4);
        JitterBuffer {
            slots: vec![
                Slot {
                    seq: 0,
                    filled: false,
                    len: 0,
                    data: [0; MAX_PAYLOAD],
                };
                SLOTS
            ]
            .into_boxed_slice(),
            next: None,
            highest: None,
            frame: frame_ticks.max(1) as i64,
            min: min.clamp(1, max),
            max,
            last_transit: None,
            peak: 0,
            over_target: 0,
            idle: 0,
            stats: JitterStats::default(),
        }
    }

    /// The counters so far.
    pub fn stats(&self) -> JitterStats {
        self.stats
    }

    /// Frames of delay the buffer aims for now.
    pub fn target(&self) -> usize {
        let late = self.peak / PEAK_DECAY;
        let frames = (late + self.frame - 1) / self.frame + 1;
        (frames.max(0) as usize).clamp(self.min, self.max)
    }

    /// Frames held from the next to play up to the highest received.
    pub fn depth(&self) -> usize {
        match (self.next, self.highest) {
            (Some(n), Some(h)) if h >= n => (h - n + 1) as usize,
            (None, _) => self.slots.iter().filter(|s| s.filled).count(),
            _ => 0,
        }
    }

    /// The sequence number extended past its 16 bits, relative to the highest so far.
    fn extend(&self, seq: u16) -> u64 {
        match self.highest {
            None => (1u64 << 32) + seq as u64,
            Some(h) => {
                let delta = seq.wrapping_sub(h as u16) as i16 as i64;
                (h as i64 + delta) as u64
            }
        }
    }

    /// A packet arrived: sequence number, RTP timestamp, arrival time in RTP ticks of the
    /// local clock, and its payload (a payload too long for a slot is dropped as late).
    pub fn push(&mut self, seq: u16, timestamp: u32, arrival: u32, payload: &[u8]) {
        self.stats.received += 1;
        let ext = self.extend(seq);
        if payload.len() > MAX_PAYLOAD {
            self.stats.late += 1;
            return;
        }
        // Far outside the buffer: the sender restarted (new sequence origin).
        let far = match (self.next, self.highest) {
            (Some(n), _) => ext >= n + SLOTS as u64 || ext + SLOTS as u64 <= n,
            (None, Some(h)) => ext >= h + SLOTS as u64 || ext + SLOTS as u64 <= h,
            _ => false,
        };
        if far {
            self.restart();
            return self.push(seq, timestamp, arrival, payload);
        }
        // Late packets count most for the delay estimate: observed before anything else.
        self.observe(timestamp, arrival);
        if self.next.is_some_and(|n| ext < n) {
            self.stats.late += 1;
            return;
        }
        let slot = &mut self.slots[(ext % SLOTS as u64) as usize];
        if slot.filled && slot.seq == ext {
            self.stats.late += 1; // a duplicate
            return;
        }
        slot.seq = ext;
        slot.filled = true;
        slot.len = payload.len();
        slot.data[..payload.len()].copy_from_slice(payload);
        self.highest = Some(self.highest.map_or(ext, |h| h.max(ext)));
    }

    /// Update the delay estimate with one packet's transit time.
    fn observe(&mut self, timestamp: u32, arrival: u32) {
        let transit = arrival.wrapping_sub(timestamp) as i32 as i64;
        let d = self.last_transit.map_or(0, |t| (transit - t).abs());
        self.last_transit = Some(transit);
        if d > DISCONTINUITY_FRAMES * self.frame {
            // A new timestamp origin (a B2BUA switching sources), not network jitter.
            return;
        }
        let d = d * PEAK_DECAY;
        self.peak = if d > self.peak {
            d
        } else {
            self.peak - (self.peak - d) / PEAK_DECAY
        };
    }

    fn restart(&mut self) {
        for s in self.slots.iter_mut() {
            s.filled = false;
        }
        self.next = None;
        self.highest = None;
        self.last_transit = None;
        self.peak = 0;
        self.over_target = 0;
        self.idle = 0;
        self.stats.restarts += 1;
    }

    /// One frame time: what to play.
    pub fn pop(&mut self) -> Playout<'_> {
        let next = match self.next {
            Some(n) => n,
            None => {
                // Start once the target is held, from the oldest frame.
                let filled = self.slots.iter().filter(|s| s.filled).count();
                if filled == 0 || filled < self.target() {
                    return Playout::Buffering;
                }
                let oldest = self.slots.iter().filter(|s| s.filled).map(|s| s.seq).min();
                self.next = oldest;
                self.idle = 0;
                oldest.expect("some slot is filled")
            }
        };
        // Too much delay for a while: drop the oldest frame.
        if self.depth() > self.target() + SHRINK_MARGIN {
            self.over_target += 1;
        } else {
            self.over_target = 0;
        }
        let mut next = next;
        if self.over_target >= SHRINK_AFTER {
            self.over_target = 0;
            let i = (next % SLOTS as u64) as usize;
            if self.slots[i].filled && self.slots[i].seq == next {
                self.slots[i].filled = false;
            }
            self.stats.dropped += 1;
            next += 1;
        }
        let i = (next % SLOTS as u64) as usize;
        if self.slots[i].filled && self.slots[i].seq == next {
            self.slots[i].filled = false;
            self.next = Some(next + 1);
            self.idle = 0;
            self.stats.played += 1;
            let slot = &self.slots[i];
            return Playout::Frame(&slot.data[..slot.len]);
        }
        if self.depth() >= self.target() {
            // As many frames held as the target: this one is lost.
            self.next = Some(next + 1);
            self.idle = 0;
            self.stats.lost += 1;
            return Playout::Conceal;
        }
        // Not there yet: wait a frame longer (the delay grows), or, after a long while with
        // nothing at all, stop.
        self.next = Some(next);
        if self.depth() == 0 {
            self.idle += 1;
        }
        if self.idle >= STOPPED_AFTER {
            self.restart();
            return Playout::Buffering;
        }
        self.stats.stretched += 1;
        Playout::Conceal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: u32 = 160; // 20 ms at 8 kHz

    /// Sequence number, timestamp, payload.
    type Packet = (u16, u32, [u8; 4]);

    /// A sender of numbered frames: payload = the frame number as 4 bytes.
    struct Sender {
        seq: u16,
        ts: u32,
        n: u32,
    }

    impl Sender {
        fn new() -> Sender {
            Sender {
                seq: 65_500,
                ts: 4_294_960_000,
                n: 0,
            }
        }
        fn next(&mut self) -> Packet {
            let p = (self.seq, self.ts, self.n.to_be_bytes());
            self.seq = self.seq.wrapping_add(1);
            self.ts = self.ts.wrapping_add(FRAME);
            self.n += 1;
            p
        }
    }

    /// Plays frame times; returns the frame numbers played (None: concealed/buffering).
    fn play(jb: &mut JitterBuffer, out: &mut Vec<Option<u32>>) {
        out.push(match jb.pop() {
            Playout::Frame(p) => Some(u32::from_be_bytes(p.try_into().unwrap())),
            _ => None,
        });
    }

    /// Run `frames` frame times; packet k arrives `delay(k)` ticks after it was sent (the
    /// sender's clock runs `drift` times ours) and is lost when `lost(k)`.
    fn run(
        frames: u32,
        drift: f64,
        delay: impl Fn(u32) -> u32,
        lost: impl Fn(u32) -> bool,
    ) -> (JitterBuffer, Vec<Option<u32>>) {
        let mut jb = JitterBuffer::new(FRAME, 1, 20);
        let mut sender = Sender::new();
        let mut arrivals: Vec<(u32, Packet)> = Vec::new();
        for k in 0..frames {
            let sent_at = (k as f64 * FRAME as f64 / drift) as u32;
            let p = sender.next();
            if !lost(k) {
                arrivals.push((sent_at + delay(k), p));
            }
        }
        arrivals.sort_by_key(|a| a.0);
        let mut played = Vec::new();
        let mut i = 0;
        for t in 0..(frames as f64 / drift) as u32 + 40 {
            let now = t * FRAME;
            while i < arrivals.len() && arrivals[i].0 <= now {
                let (at, (seq, ts, payload)) = arrivals[i];
                jb.push(seq, ts, at, &payload);
                i += 1;
            }
            if i == arrivals.len() && jb.depth() == 0 {
                break; // all played
            }
            play(&mut jb, &mut played);
        }
        (jb, played)
    }

    fn in_order(played: &[Option<u32>]) -> Vec<u32> {
        played.iter().flatten().copied().collect()
    }

    #[test]
    fn a_steady_stream_plays_every_frame_in_order_across_the_sequence_wrap() {
        let (jb, played) = run(500, 1.0, |_| 400, |_| false);
        assert_eq!(in_order(&played), (0..500).collect::<Vec<_>>());
        let s = jb.stats();
        assert_eq!((s.lost, s.late, s.dropped), (0, 0, 0));
        assert_eq!(jb.target(), 1, "no jitter, no extra delay");
    }

    #[test]
    fn reordered_packets_play_in_order_and_the_delay_grows_to_cover_them() {
        // Every 5th packet is 50 ms late (overtaken by the next two).
        let (jb, played) = run(
            1000,
            1.0,
            |k| if k % 5 == 0 { 400 + 400 } else { 400 },
            |_| false,
        );
        let got = in_order(&played);
        assert!(got.windows(2).all(|w| w[0] < w[1]), "in order");
        // Only the first few, before the target grew, may be missed.
        assert!(got.len() >= 995, "{} of 1000 played", got.len());
        assert!(
            got[got.len() - 900..].windows(2).all(|w| w[1] == w[0] + 1),
            "none missed later"
        );
        assert!(jb.target() >= 3, "target {}", jb.target());
    }

    #[test]
    fn lost_packets_are_concealed_once_each_and_the_rest_play() {
        let (jb, played) = run(1000, 1.0, |_| 400, |k| k % 10 == 3);
        let got = in_order(&played);
        assert_eq!(got.len(), 900);
        assert!(got.iter().all(|n| n % 10 != 3));
        assert_eq!(jb.stats().lost, 100);
    }

    #[test]
    fn a_faster_far_end_clock_drops_frames_and_the_delay_stays_bounded() {
        // The far end sends 1 % faster than we play: 10 frames too many in 1000.
        let (jb, played) = run(3000, 1.01, |_| 400, |_| false);
        let s = jb.stats();
        assert!(s.dropped >= 20 && s.dropped <= 40, "{s:?}");
        assert!(
            jb.depth() <= jb.target() + SHRINK_MARGIN + 1,
            "depth {}",
            jb.depth()
        );
        let got = in_order(&played);
        assert!(got.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_slower_far_end_clock_stretches_without_losing_frames() {
        let (jb, played) = run(3000, 0.99, |_| 400, |_| false);
        let s = jb.stats();
        assert_eq!(in_order(&played), (0..3000).collect::<Vec<_>>());
        assert_eq!(s.lost, 0);
        assert!(s.stretched >= 20 && s.stretched <= 40, "{s:?}");
    }

    #[test]
    fn a_packet_after_its_time_and_a_duplicate_are_dropped() {
        let mut jb = JitterBuffer::new(FRAME, 1, 10);
        jb.push(10, 1600, 0, &[1]);
        assert_eq!(jb.pop(), Playout::Frame(&[1]));
        jb.push(12, 1920, 320, &[3]);
        assert_eq!(jb.pop(), Playout::Conceal, "11 is lost: 12 is there");
        jb.push(11, 1760, 330, &[2]);
        jb.push(12, 1920, 331, &[3]);
        assert_eq!(jb.stats().late, 2);
        assert_eq!(jb.pop(), Playout::Frame(&[3]));
    }

    #[test]
    fn a_new_sequence_origin_or_a_long_silence_starts_over() {
        let mut jb = JitterBuffer::new(FRAME, 1, 10);
        jb.push(100, 0, 0, &[1]);
        assert_eq!(jb.pop(), Playout::Frame(&[1]));
        jb.push(30_000, 5_000_000, 160, &[9]);
        assert_eq!(jb.stats().restarts, 1);
        assert_eq!(jb.pop(), Playout::Frame(&[9]));
        for _ in 0..STOPPED_AFTER {
            jb.pop();
        }
        assert_eq!(jb.pop(), Playout::Buffering, "on hold: no more concealing");
        assert_eq!(jb.stats().restarts, 2);
    }

    #[test]
    fn a_timestamp_jump_is_not_taken_for_jitter() {
        let mut jb = JitterBuffer::new(FRAME, 1, 20);
        for n in 0..10u16 {
            jb.push(n, n as u32 * FRAME, n as u32 * FRAME, &[0]);
            jb.pop();
        }
        // Sequence numbers go on, timestamps jump by an hour's worth.
        for n in 10..20u16 {
            let ts = 576_000_000 + n as u32 * FRAME;
            jb.push(n, ts, n as u32 * FRAME, &[0]);
            jb.pop();
        }
        assert_eq!(jb.target(), 1);
    }

    #[test]
    fn hostile_payloads_do_not_break_it() {
        let mut jb = JitterBuffer::new(FRAME, 1, 10);
        jb.push(1, 0, 0, &[0u8; MAX_PAYLOAD + 1]);
        assert_eq!(jb.pop(), Playout::Buffering);
        for seq in [0u16, 65_535, 32_768, 1, 40_000, 2] {
            jb.push(seq, seq as u32 * 7, 0, &[seq as u8]);
            let _ = jb.pop();
        }
    }
}
