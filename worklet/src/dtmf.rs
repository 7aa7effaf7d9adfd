//! DTMF (ITU-T Q.23 frequencies, Q.24 reception): the generator plays a digit's row and
//! column tones together (local key feedback, in-band digits when the account sends them
//! so); the detector finds digits in received audio with one Goertzel filter per
//! frequency. Neither allocates: both work sample by sample on fixed state.
//!
//! | | 1209 Hz | 1336 Hz | 1477 Hz | 1633 Hz |
//! |---|---|---|---|---|
//! | 697 Hz | 1 | 2 | 3 | A |
//! | 770 Hz | 4 | 5 | 6 | B |
//! | 852 Hz | 7 | 8 | 9 | C |
//! | 941 Hz | * | 0 | # | D |

use crate::tone::Sine;

/// The row (low group) frequencies.
pub const ROWS: [f32; 4] = [697.0, 770.0, 852.0, 941.0];
/// The column (high group) frequencies.
pub const COLUMNS: [f32; 4] = [1209.0, 1336.0, 1477.0, 1633.0];
/// The digits by row, then column.
const KEYS: [[char; 4]; 4] = [
    ['1', '2', '3', 'A'],
    ['4', '5', '6', 'B'],
    ['7', '8', '9', 'C'],
    ['*', '0', '#', 'D'],
];

/// A digit's row and column frequencies, if it is a DTMF digit.
pub fn frequencies(digit: char) -> Option<(f32, f32)> {
    let d = digit.to_ascii_uppercase();
    KEYS.iter()
        .enumerate()
        .find_map(|(r, row)| (row.iter().position(|k| *k == d)).map(|c| (ROWS[r], COLUMNS[c])))
}

/// Peak level of each of a digit's two tones (about -16 dBFS RMS each).
const LEVEL: f32 = 0.22;

/// Plays one digit at a time for a set time.
#[derive(Clone, Copy, Debug)]
pub struct DtmfGenerator {
    sample_rate: f32,
    low: Sine,
    high: Sine,
    /// Samples of the digit still to play.
    left: u32,
}

impl DtmfGenerator {
    /// A silent generator at `sample_rate`.
    pub const fn new(sample_rate: f32) -> DtmfGenerator {
        DtmfGenerator {
            sample_rate,
            low: Sine::new(0.0, sample_rate, 0.0),
            high: Sine::new(0.0, sample_rate, 0.0),
            left: 0,
        }
    }

    /// Play `digit` for `ms` (nothing for a character that is not a DTMF digit).
    pub fn play(&mut self, digit: char, ms: u32) {
        let Some((low, high)) = frequencies(digit) else {
            return;
        };
        self.low = Sine::new(low, self.sample_rate, LEVEL);
        // The high group a little louder, as telephones send it (positive twist).
        self.high = Sine::new(high, self.sample_rate, LEVEL * 1.12);
        self.left = (ms as f32 * self.sample_rate / 1000.0) as u32;
    }

    /// Whether a digit is playing.
    pub fn playing(&self) -> bool {
        self.left > 0
    }

    /// Add the next samples of the digit (if any) to `out`.
    pub fn mix_into(&mut self, out: &mut [f32]) {
        for o in out.iter_mut().take(self.left as usize) {
            *o += self.low.next_sample() + self.high.next_sample();
        }
        self.left = self.left.saturating_sub(out.len() as u32);
    }
}

/// Keyed digits played in turn: each a tone of `tone_ms`, then a pause of `pause_ms` (Q.24
/// wants at least 40 ms between digits), so that fast keying still gives one clean tone per
/// key. Each digit carries a flag (the engine's: whether it also goes to the network). A
/// fixed queue of [`DigitQueue::CAPACITY`] digits; more are dropped.
#[derive(Clone, Copy, Debug)]
pub struct DigitQueue {
    generator: DtmfGenerator,
    queue: [(char, bool); DigitQueue::CAPACITY],
    head: usize,
    len: usize,
    tone: u32,
    pause: u32,
    /// Samples of pause left after the digit sounding.
    pause_left: u32,
    flag: bool,
}

impl DigitQueue {
    /// Digits waiting at most.
    pub const CAPACITY: usize = 32;

    /// An empty queue at `sample_rate`.
    pub const fn new(sample_rate: f32, tone_ms: u32, pause_ms: u32) -> DigitQueue {
        DigitQueue {
            generator: DtmfGenerator::new(sample_rate),
            queue: [('\0', false); DigitQueue::CAPACITY],
            head: 0,
            len: 0,
            tone: tone_ms,
            pause: (pause_ms as f32 * sample_rate / 1000.0) as u32,
            pause_left: 0,
            flag: false,
        }
    }

    /// Queue `digit` with its `flag`; false when the queue is full or it is no digit.
    pub fn push(&mut self, digit: char, flag: bool) -> bool {
        if self.len == Self::CAPACITY || frequencies(digit).is_none() {
            return false;
        }
        self.queue[(self.head + self.len) % Self::CAPACITY] = (digit, flag);
        self.len += 1;
        true
    }

    /// Whether anything is sounding, pausing or waiting.
    pub fn busy(&self) -> bool {
        self.generator.playing() || self.pause_left > 0 || self.len > 0
    }

    /// The flag of the digit sounding now.
    pub fn flag(&self) -> bool {
        self.flag
    }

    /// Add the next samples to `out`; returns the flag of the digit that sounded in them.
    pub fn mix_into(&mut self, out: &mut [f32]) -> bool {
        let mut at = 0;
        let mut flag = false;
        while at < out.len() {
            if self.generator.playing() {
                let rest = &mut out[at..];
                let n = (rest.len() as u32).min(self.generator.left) as usize;
                self.generator.mix_into(&mut rest[..n]);
                flag |= self.flag;
                at += n;
                if !self.generator.playing() {
                    self.pause_left = self.pause;
                }
            } else if self.pause_left > 0 {
                let n = (self.pause_left as usize).min(out.len() - at);
                self.pause_left -= n as u32;
                at += n;
            } else if self.len > 0 {
                let (digit, f) = self.queue[self.head];
                self.head = (self.head + 1) % Self::CAPACITY;
                self.len -= 1;
                self.generator.play(digit, self.tone);
                self.flag = f;
            } else {
                break;
            }
        }
        flag
    }
}

/// One frequency's energy over a block (the Goertzel algorithm).
#[derive(Clone, Copy, Debug)]
struct Goertzel {
    coeff: f32,
    s1: f32,
    s2: f32,
}

impl Goertzel {
    fn new(hz: f32, sample_rate: f32) -> Goertzel {
        // The tone's own frequency, not the nearest bin of the block: at 48 kHz a 25 ms
        // block has 40 Hz bins, and 941 Hz and 1336 Hz (the digit 0) fall half a bin off
        // theirs, which cost a third of their energy and, through Opus and G.711, the digit.
        let w = core::f32::consts::TAU * hz / sample_rate;
        Goertzel {
            coeff: 2.0 * w.cos(),
            s1: 0.0,
            s2: 0.0,
        }
    }

    fn feed(&mut self, x: f32) {
        let s = x + self.coeff * self.s1 - self.s2;
        self.s2 = self.s1;
        self.s1 = s;
    }

    /// The energy at the frequency, and a fresh start.
    fn take(&mut self) -> f32 {
        let p = self.s1 * self.s1 + self.s2 * self.s2 - self.coeff * self.s1 * self.s2;
        self.s1 = 0.0;
        self.s2 = 0.0;
        p
    }
}

/// Finds DTMF digits in audio: a digit is reported once, when two blocks in a row (about
/// 50 ms) hold one row and one column tone well above the other six and the rest of the
/// signal, with the two within 8 dB of each other (Q.24's twist).
#[derive(Clone, Copy, Debug)]
pub struct DtmfDetector {
    filters: [Goertzel; 8],
    block: usize,
    count: usize,
    energy: f32,
    /// The digit the last block held, and whether it was reported.
    last: Option<char>,
    reported: bool,
}

impl DtmfDetector {
    /// A detector for audio at `sample_rate` (blocks of about 25 ms).
    pub fn new(sample_rate: f32) -> DtmfDetector {
        let block = (sample_rate * 0.025) as usize;
        let mut filters = [Goertzel::new(0.0, sample_rate); 8];
        for (f, hz) in filters.iter_mut().zip(ROWS.iter().chain(COLUMNS.iter())) {
            *f = Goertzel::new(*hz, sample_rate);
        }
        DtmfDetector {
            filters,
            block,
            count: 0,
            energy: 0.0,
            last: None,
            reported: false,
        }
    }

    /// Feed `samples`; the digit that became certain in them, if one did.
    pub fn feed(&mut self, samples: &[f32]) -> Option<char> {
        let mut found = None;
        for &x in samples {
            for f in &mut self.filters {
                f.feed(x);
            }
            self.energy += x * x;
            self.count += 1;
            if self.count == self.block {
                let digit = self.decide();
                if digit.is_some() && digit == self.last && !self.reported {
                    self.reported = true;
                    found = digit;
                }
                if digit != self.last {
                    self.reported = false;
                }
                self.last = digit;
                self.count = 0;
                self.energy = 0.0;
            }
        }
        found
    }

    /// The digit one block holds, if it holds one.
    fn decide(&mut self) -> Option<char> {
        let mut p = [0.0f32; 8];
        for (p, f) in p.iter_mut().zip(self.filters.iter_mut()) {
            *p = f.take();
        }
        let strongest = |group: &[f32]| {
            let (i, best) =
                (group.iter().enumerate())
                    .fold((0, 0.0f32), |a, (i, v)| if *v > a.1 { (i, *v) } else { a });
            let second = (group.iter().enumerate())
                .filter(|(j, _)| *j != i)
                .fold(0.0f32, |a, (_, v)| a.max(*v));
            (i, best, second)
        };
        let (r, row, row_next) = strongest(&p[..4]);
        let (c, col, col_next) = strongest(&p[4..]);
        // Each tone's energy as a share of the block's (N/2 times the mean square for a pure
        // sine): both must carry most of the signal.
        let total = self.energy * self.block as f32 / 2.0;
        let clear = row > 8.0 * row_next && col > 8.0 * col_next;
        let twist = row < 6.3 * col && col < 6.3 * row; // within 8 dB
        let loud = total > 1e-6 && (row + col) > 0.5 * total;
        (clear && twist && loud).then_some(KEYS[r][c])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_keyed_faster_than_they_sound_are_played_one_after_another() {
        let rate = 8000.0;
        let mut q = DigitQueue::new(rate, 100, 60);
        for d in "1590#*D".chars() {
            assert!(q.push(d, d == '#'));
        }
        assert!(!q.push('x', false));
        let mut det = DtmfDetector::new(rate);
        let (mut heard, mut flags) = (String::new(), Vec::new());
        let mut block = [0.0f32; 128];
        while q.busy() {
            block.fill(0.0);
            flags.push(q.mix_into(&mut block));
            if let Some(d) = det.feed(&block) {
                heard.push(d);
            }
        }
        assert_eq!(heard, "1590#*D");
        // 7 digits of 160 ms at 8 kHz, in blocks of 128: 70 blocks.
        assert!((68..=72).contains(&flags.len()), "{}", flags.len());
        assert_eq!(
            flags.iter().filter(|&&f| f).count(),
            7,
            "only '#' flagged: its 100 ms"
        );
        for _ in 0..DigitQueue::CAPACITY {
            q.push('1', false);
        }
        assert!(!q.push('2', false), "a full queue drops");
    }

    /// White noise at peak `level`, from a fixed seed (a linear congruential generator).
    fn noise(out: &mut [f32], level: f32, seed: &mut u32) {
        for o in out {
            *seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *o += ((*seed >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0) * level;
        }
    }

    /// Play `digits` (each `on` ms, then `off` ms of silence) with noise and detect them.
    fn round_trip(digits: &str, rate: f32, on: u32, off: u32, noise_level: f32) -> String {
        let mut gen = DtmfGenerator::new(rate);
        let mut det = DtmfDetector::new(rate);
        let mut seed = 7;
        let mut heard = String::new();
        let mut buf = [0.0f32; 128];
        for d in digits.chars() {
            for (ms, digit) in [(on, Some(d)), (off, None)] {
                if let Some(d) = digit {
                    gen.play(d, ms);
                }
                let mut left = (ms as f32 * rate / 1000.0) as usize;
                while left > 0 {
                    let n = left.min(buf.len());
                    buf[..n].fill(0.0);
                    gen.mix_into(&mut buf[..n]);
                    noise(&mut buf[..n], noise_level, &mut seed);
                    heard.extend(det.feed(&buf[..n]));
                    left -= n;
                }
            }
        }
        heard
    }

    #[test]
    fn all_sixteen_digits_are_heard_once_each_through_noise() {
        let all = "123A456B789C*0#D";
        for rate in [8000.0, 16000.0, 48000.0] {
            // Noise about 20 dB under the digit.
            assert_eq!(round_trip(all, rate, 100, 60, 0.05), all, "at {rate} Hz");
        }
    }

    #[test]
    fn a_digit_held_long_is_one_digit_and_a_short_blip_none() {
        assert_eq!(round_trip("5", 8000.0, 1000, 100, 0.0), "5");
        assert_eq!(round_trip("5", 8000.0, 20, 100, 0.0), "");
        assert_eq!(
            round_trip("55", 8000.0, 80, 60, 0.0),
            "55",
            "two presses, two digits"
        );
    }

    #[test]
    fn noise_speech_like_tones_and_one_group_alone_are_no_digit() {
        let rate = 8000.0;
        let mut det = DtmfDetector::new(rate);
        let mut seed = 3;
        let mut buf = [0.0f32; 8000];
        noise(&mut buf, 0.3, &mut seed);
        assert_eq!(det.feed(&buf), None, "noise");
        // A row tone alone, and a 1 kHz tone: no digit.
        for hz in [770.0, 1000.0] {
            let mut s = Sine::new(hz, rate, 0.3);
            s.fill(&mut buf);
            assert_eq!(det.feed(&buf), None, "{hz} Hz");
        }
        assert_eq!(frequencies('x'), None);
        assert_eq!(frequencies('#'), Some((941.0, 1477.0)));
    }
}
