// C++ names for the demangling fixture (no standard-library types).
namespace geo {
struct Point { int x, y; int sum() const { return x + y; } };
template <typename T> T twice(T v) { return v + v; }
int area(int w, int h) { return w * h; }
}
int use(geo::Point p) { return p.sum() + geo::twice(p.x) + geo::twice<long>(p.y) + geo::area(p.x, p.y); }
