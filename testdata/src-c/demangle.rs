// Rust names for the demangling fixture.
pub mod geo {
    #[inline(never)]
    pub fn area(w: u32, h: u32) -> u32 { w * h }
    pub struct Point { pub x: u32 }
    impl Point {
        #[inline(never)]
        pub fn twice(&self) -> u32 { self.x * 2 }
    }
}
#[inline(never)]
pub fn entry(p: &geo::Point) -> u32 { geo::area(p.x, 3) + p.twice() }
