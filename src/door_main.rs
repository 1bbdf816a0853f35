//! Entry point of the door, the small module a first visit loads (see `retaguarda::door`).

fn main() {
    retaguarda::door::start();
}
