// The build must have failed on the misspelt status, not on anything else.
def log = new File(basedir, 'build.log').text
assert log.contains('PendingJobs.java:[11,') && log.contains('cannot find symbol')
assert log.contains('symbol:   variable PENDNG')
assert log.contains('location: class org.queueservice.schema.generated.enums.JobStatus')
