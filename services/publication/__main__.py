"""``python -m services.publication``: hands the service to the runtime."""

from services.publication.service import definition
from services.runtime.service_host import run_service

if __name__ == "__main__":
    run_service(definition)
