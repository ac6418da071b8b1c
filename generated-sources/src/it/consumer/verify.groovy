// Every step of the life cycle held (QueueLifeCycle stops at the first that does not), and neither
// jOOQ's logo, its tip of the day nor its version note reached the output.
def log = new File(basedir, 'build.log').text
def steps = log.readLines().findAll { it.startsWith('[consumer] ') }
assert steps == [
        '[consumer] enqueued 3 jobs for acme',
        '[consumer] claimed welcome and digest concurrently (FOR UPDATE SKIP LOCKED)',
        '[consumer] completed welcome',
        '[consumer] digest failed once, retried in 5 minutes',
        '[consumer] fragile dead-lettered after 1 attempt; nothing else due',
        '[consumer] globex sees no jobs and no dead letters',
        '[consumer] queue life cycle: all checks passed']
assert !log.contains('Thank you for using jOOQ')
assert !log.contains('jOOQ tip of the day')
assert !log.contains('Database version is supported')
