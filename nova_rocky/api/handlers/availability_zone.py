"""/os-availability-zone: the zones of the cloud's services.

A compute is in the zone of the aggregate its host is in, else in
``[DEFAULT]default_availability_zone``; other services are in
``[DEFAULT]internal_service_availability_zone`` (shown only in the
administrators' detailed listing).
"""

from nova_rocky.api import common
from nova_rocky.api.views import availability_zone as view
from nova_rocky.compute import host_api
import nova_rocky.conf
from nova_rocky.policies import availability_zone as policies

CONF = nova_rocky.conf.CONF


def _services(context):
    return [service for _cell, service in
            host_api.service_get_all(context.elevated())]


def list_zones(req):
    """GET /os-availability-zone"""
    context = common.get_context(req)
    context.can(policies.LIST)
    return common.json_response(req, view.brief(
        _services(context), CONF.internal_service_availability_zone,
        host_api.host_zones(context)))


def list_zones_detail(req):
    """GET /os-availability-zone/detail (administrators)"""
    context = common.get_context(req)
    context.can(policies.DETAIL)
    return common.json_response(req, view.detail(
        _services(context), host_api.host_zones(context)))
