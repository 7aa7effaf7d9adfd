//! Ogg pages (RFC 3533) for Ogg Opus files (RFC 7845): the recorder's container.
//!
//! A [`PageWriter`] gathers packets into a page and writes finished pages into the caller's
//! buffer; nothing is allocated. Each page carries the granule position of its last packet
//! (for Opus: 48 kHz samples, counting the pre-skip) and a CRC-32 over the whole page
//! (polynomial 0x04C11DB7, unreflected, initial value 0, RFC 3533 §6).

/// Packets held in one page at most (a second of 20 ms Opus frames).
pub const PACKETS_PER_PAGE: usize = 50;
/// Largest page body kept: 50 packets of up to 1275 bytes would need more, but a page is
/// closed early once this fills.
const BODY: usize = 16 * 1024;
/// The biggest page this writer makes: 27-byte header, 255 lacing values, the body.
pub const MAX_PAGE: usize = 27 + 255 + BODY;

/// Header flags (RFC 3533 §6, header_type_flag).
const FIRST_PAGE: u8 = 0x02;
const LAST_PAGE: u8 = 0x04;

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut r = (i as u32) << 24;
        let mut k = 0;
        while k < 8 {
            r = if r & 0x8000_0000 != 0 {
                (r << 1) ^ 0x04C1_1DB7
            } else {
                r << 1
            };
            k += 1;
        }
        table[i] = r;
        i += 1;
    }
    table
}

static CRC: [u32; 256] = crc_table();

/// The Ogg CRC-32 of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |crc, &b| {
        (crc << 8) ^ CRC[((crc >> 24) as u8 ^ b) as usize]
    })
}

/// One logical stream's pages.
pub struct PageWriter {
    serial: u32,
    sequence: u32,
    /// Lacing values of the packets in the page being built.
    lacing: [u8; 255],
    segments: usize,
    body: [u8; BODY],
    len: usize,
    packets: usize,
    granule: u64,
    first: bool,
}

impl PageWriter {
    /// A stream with serial number `serial`.
    pub fn new(serial: u32) -> PageWriter {
        PageWriter {
            serial,
            sequence: 0,
            lacing: [0; 255],
            segments: 0,
            body: [0; BODY],
            len: 0,
            packets: 0,
            granule: 0,
            first: true,
        }
    }

    /// Whether `packet` still fits in the page being built.
    fn fits(&self, packet: &[u8]) -> bool {
        self.segments + packet.len() / 255 < 255 && self.len + packet.len() <= BODY
    }

    /// Add a packet that ends at `granule`. A finished page (full, or the packet does not
    /// fit) is written to `out` first; returns the bytes written there (0 or one page).
    /// `out` must hold [`MAX_PAGE`] bytes. A packet bigger than a page is dropped.
    pub fn packet(&mut self, packet: &[u8], granule: u64, out: &mut [u8]) -> usize {
        if packet.len() > BODY - 255 {
            return 0;
        }
        // A full page goes out before the next packet, never after one: the last packet of
        // a stream is still held when `flush(true)` marks its page the last.
        let mut written = 0;
        if !self.fits(packet) || self.packets >= PACKETS_PER_PAGE {
            written = self.flush(false, out);
        }
        let mut left = packet.len();
        loop {
            let lace = left.min(255);
            self.lacing[self.segments] = lace as u8;
            self.segments += 1;
            left -= lace;
            if lace < 255 {
                break;
            }
        }
        self.body[self.len..self.len + packet.len()].copy_from_slice(packet);
        self.len += packet.len();
        self.packets += 1;
        self.granule = granule;
        written
    }

    /// A packet alone on its own page, with the page's flags (the Opus headers).
    pub fn header_page(&mut self, packet: &[u8], out: &mut [u8]) -> usize {
        let mut n = self.flush(false, out);
        self.packet(packet, 0, &mut out[n..]);
        n += self.flush(false, &mut out[n..]);
        n
    }

    /// Write the page being built (if any, or an empty last page when `last`) to `out`.
    pub fn flush(&mut self, last: bool, out: &mut [u8]) -> usize {
        if self.segments == 0 && !last {
            return 0;
        }
        let size = 27 + self.segments + self.len;
        if out.len() < size {
            return 0;
        }
        let page = &mut out[..size];
        page[..4].copy_from_slice(b"OggS");
        page[4] = 0; // version
        page[5] = (if self.first { FIRST_PAGE } else { 0 }) | (if last { LAST_PAGE } else { 0 });
        page[6..14].copy_from_slice(&self.granule.to_le_bytes());
        page[14..18].copy_from_slice(&self.serial.to_le_bytes());
        page[18..22].copy_from_slice(&self.sequence.to_le_bytes());
        page[22..26].fill(0);
        page[26] = self.segments as u8;
        page[27..27 + self.segments].copy_from_slice(&self.lacing[..self.segments]);
        page[27 + self.segments..].copy_from_slice(&self.body[..self.len]);
        let crc = crc32(page);
        page[22..26].copy_from_slice(&crc.to_le_bytes());
        self.first = false;
        self.sequence += 1;
        self.segments = 0;
        self.len = 0;
        self.packets = 0;
        size
    }
}

/// The Opus identification header (RFC 7845 §5.1): mono, `pre_skip` samples at 48 kHz to
/// drop at the start, the input's rate, no gain, channel mapping family 0.
pub fn opus_head(pre_skip: u16, input_rate: u32) -> [u8; 19] {
    let mut h = [0u8; 19];
    h[..8].copy_from_slice(b"OpusHead");
    h[8] = 1; // version
    h[9] = 1; // channels
    h[10..12].copy_from_slice(&pre_skip.to_le_bytes());
    h[12..16].copy_from_slice(&input_rate.to_le_bytes());
    // output gain 0, mapping family 0
    h
}

/// The Opus comment header (RFC 7845 §5.2) with the vendor string and no comments.
pub fn opus_tags(vendor: &str, out: &mut [u8]) -> usize {
    let v = vendor.as_bytes();
    let n = 8 + 4 + v.len() + 4;
    if out.len() < n {
        return 0;
    }
    out[..8].copy_from_slice(b"OpusTags");
    out[8..12].copy_from_slice(&(v.len() as u32).to_le_bytes());
    out[12..12 + v.len()].copy_from_slice(v);
    out[12 + v.len()..n].copy_from_slice(&0u32.to_le_bytes());
    n
}

/// Reading pages back (tests and tools): each page's flags, granule and packets.
pub mod read {
    use super::crc32;

    /// One page read back.
    #[derive(Debug)]
    pub struct Page {
        /// Header flags.
        pub flags: u8,
        /// Granule position.
        pub granule: u64,
        /// Page sequence number.
        pub sequence: u32,
        /// The packets that end on this page (continued packets are not supported).
        pub packets: Vec<Vec<u8>>,
    }

    /// The pages of `file`, or why not (a bad capture pattern, CRC or length).
    pub fn pages(mut file: &[u8]) -> Result<Vec<Page>, String> {
        let mut pages = Vec::new();
        while !file.is_empty() {
            if file.len() < 27 || &file[..4] != b"OggS" {
                return Err(format!("no page at byte {}", file.len()));
            }
            let segments = file[26] as usize;
            let lacing = file.get(27..27 + segments).ok_or("short lacing")?;
            let body: usize = lacing.iter().map(|&l| l as usize).sum();
            let size = 27 + segments + body;
            let page = file.get(..size).ok_or("short page")?;
            let mut copy = page.to_vec();
            copy[22..26].fill(0);
            if crc32(&copy).to_le_bytes() != page[22..26] {
                return Err(format!("bad CRC on page {}", pages.len()));
            }
            let mut packets = Vec::new();
            let mut current = Vec::new();
            let mut at = 27 + segments;
            for &l in lacing {
                current.extend_from_slice(&page[at..at + l as usize]);
                at += l as usize;
                if l < 255 {
                    packets.push(std::mem::take(&mut current));
                }
            }
            pages.push(Page {
                flags: page[5],
                granule: u64::from_le_bytes(page[6..14].try_into().unwrap()),
                sequence: u32::from_le_bytes(page[18..22].try_into().unwrap()),
                packets,
            });
            file = &file[size..];
        }
        Ok(pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_ogg_one() {
        // CRC-32/MPEG-2 without the final inversion and with initial value 0 ("CRC-32/BZIP2"
        // variant used by Ogg): the check value of "123456789" is 0x89A1897F.
        assert_eq!(crc32(b"123456789"), 0x89A1_897F);
    }

    #[test]
    fn packets_are_laced_into_pages_that_read_back() {
        let mut w = PageWriter::new(7);
        let mut file = vec![0u8; 0];
        let mut out = vec![0u8; 2 * MAX_PAGE];
        let n = w.header_page(&opus_head(312, 48_000), &mut out);
        file.extend_from_slice(&out[..n]);
        let sizes = [0usize, 1, 254, 255, 256, 600];
        for (i, &s) in sizes.iter().cycle().take(120).enumerate() {
            let p = vec![i as u8; s];
            let n = w.packet(&p, (i as u64 + 1) * 960, &mut out);
            file.extend_from_slice(&out[..n]);
        }
        let n = w.flush(true, &mut out);
        file.extend_from_slice(&out[..n]);
        let pages = read::pages(&file).unwrap();
        assert_eq!(pages[0].flags, FIRST_PAGE);
        assert_eq!(&pages[0].packets[0][..8], b"OpusHead");
        assert!(pages.last().unwrap().flags & LAST_PAGE != 0);
        assert!(pages.windows(2).all(|w| w[1].sequence == w[0].sequence + 1));
        let packets: Vec<Vec<u8>> = pages[1..].iter().flat_map(|p| p.packets.clone()).collect();
        assert_eq!(packets.len(), 120);
        for (i, p) in packets.iter().enumerate() {
            assert_eq!(p.len(), sizes[i % sizes.len()]);
            assert!(p.iter().all(|&b| b == i as u8));
        }
        assert_eq!(pages.last().unwrap().granule, 120 * 960);
    }

    #[test]
    fn a_damaged_page_is_refused() {
        let mut w = PageWriter::new(1);
        let mut out = vec![0u8; MAX_PAGE];
        let n = w.header_page(b"OpusHead-ish", &mut out);
        out[n - 1] ^= 1;
        assert!(read::pages(&out[..n]).unwrap_err().contains("CRC"));
    }
}
