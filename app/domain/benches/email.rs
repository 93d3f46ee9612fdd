//! Time per call of the work-email rule (E-1, E-2, E-3): `cargo bench -p partnerhub-domain`.
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use partnerhub_domain::{EmailPolicy, WorkEmail};

fn email_rule(c: &mut Criterion) {
    let policy = EmailPolicy::default();
    c.bench_function("work email accepted (martin.jansen@contoso.com)", |b| b.iter(|| policy.parse(black_box("martin.jansen@contoso.com"))));
    c.bench_function("work email refused as role mailbox (sales-admin@contoso.com)", |b| b.iter(|| policy.parse(black_box("sales-admin@contoso.com"))));
    c.bench_function("work email refused as personal (martin@gmail.com)", |b| b.iter(|| WorkEmail::parse(black_box("martin@gmail.com"))));
}

criterion_group!(benches, email_rule);
criterion_main!(benches);
