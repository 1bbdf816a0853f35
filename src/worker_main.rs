//! Entry point of the period close's worker (see `retaguarda::worker`): no screens, only the
//! stored document, core and the messages to and from the page.

fn main() {
    retaguarda::worker::start();
}
