//! Entry point: mounts the app. Everything else lives in the library so browser tests can import it.

fn main() {
    retaguarda::start();
}
